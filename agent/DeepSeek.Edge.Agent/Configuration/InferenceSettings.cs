using System.Globalization;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>
/// How models are loaded (<c>Agent:Inference</c>, and per camera <c>Agent:Cameras:N:Inference</c>): provider chain, policy,
/// threads, TensorRT and CUDA settings. Every key is optional; a camera's key wins over the agent's, which wins over the
/// built-in default. FP16 and INT8 follow each model's manifest <c>precision</c> unless <c>TensorRt:Fp16</c> / <c>TensorRt:Int8</c> say otherwise.
/// </summary>
public sealed class InferenceSettings
{
    public const string DefaultChain = "tensorrt,cuda,cpu";

    /// <summary>Execution provider chain in order of preference, e.g. <c>tensorrt,cuda,cpu</c> (the default).</summary>
    public string? Providers { get; set; }

    /// <summary><c>Fallback</c> (default): a provider that cannot serve is logged and the next is tried. <c>Require</c>: the first must serve, and no node may fall back to CPU.</summary>
    public ProviderPolicy? Policy { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 (default) is the device's thread budget, cores / cameras (see <see cref="ThreadBudget"/>).</summary>
    public int? IntraOpThreads { get; set; }

    public TensorRtSettings TensorRt { get; set; } = new();

    public CudaSettings Cuda { get; set; } = new();

    /// <summary>The options a camera's model loads with: the camera's settings over the agent's over the defaults.</summary>
    /// <param name="agent">The agent's section.</param>
    /// <param name="camera">The camera's section.</param>
    /// <param name="cameraProviders">The camera's <c>Providers</c> key (the older spelling of its <c>Inference:Providers</c>).</param>
    /// <param name="engineCacheDirectory">Where TensorRT engines are kept.</param>
    /// <param name="budget">The device's thread budget (it already holds the agent's <c>IntraOpThreads</c>).</param>
    public static InferenceOptions Resolve(InferenceSettings agent, InferenceSettings camera, string? cameraProviders, string engineCacheDirectory, ThreadBudget budget)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(budget);
        var options = new InferenceOptions { Policy = camera.Policy ?? agent.Policy ?? ProviderPolicy.Fallback }
            .WithProviders(InferenceOptions.ParseChain(camera.Providers ?? cameraProviders ?? agent.Providers ?? DefaultChain));
        options.Cpu.IntraOpThreads = budget.IntraOpThreadsFor(camera);
        TensorRtSettings.Apply(agent.TensorRt, camera.TensorRt, options.TensorRt);
        options.TensorRt.CacheDirectory = engineCacheDirectory;
        CudaSettings.Apply(agent.Cuda, camera.Cuda, options.Cuda);
        return options;
    }

    /// <summary>Every problem, each naming its key under <paramref name="key"/> (e.g. <c>Agent:Inference</c>).</summary>
    public IReadOnlyList<string> Validate(string key)
    {
        var errors = new List<string>();
        if (Providers is not null)
        {
            try
            {
                InferenceOptions.ParseChain(Providers);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:Providers: {ex.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        if (IntraOpThreads is < 0 or > 256)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:IntraOpThreads: {IntraOpThreads} is out of range; use 0 (the device's thread budget, cores / cameras) to 256"));
        errors.AddRange(TensorRt.Validate($"{key}:TensorRt"));
        errors.AddRange(Cuda.Validate($"{key}:Cuda"));
        return errors;
    }
}
