using DeepSeek.Edge.Inference.Engine;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Quantization.Sessions;

/// <summary>
/// The ONNX Runtime CPU session settings used for every model the quantizer runs (calibration, FP32 and INT8
/// evaluation), so that latencies compare like with like: fixed intra-op threads, no spinning, sequential execution, and the same exact INT8 kernels as the runtime (<see cref="CpuSessionConfig"/>).
/// </summary>
public sealed record SessionSettings(int IntraOpThreads)
{
    public static SessionSettings Default { get; } = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>Where ORT writes the graph it actually runs (after its fusions), when set; for inspection.</summary>
    public string? OptimizedModelPath { get; init; }

    public SessionOptions CreateOptions()
    {
        if (IntraOpThreads < 1) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "at least one thread");
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        CpuSessionConfig.Apply(options);
        if (OptimizedModelPath is not null) options.OptimizedModelFilePath = OptimizedModelPath;
        return options;
    }

    public InferenceSession Open(byte[] model)
    {
        using var options = CreateOptions();
        return new InferenceSession(model, options);
    }
}
