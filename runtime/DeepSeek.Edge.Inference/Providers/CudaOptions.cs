namespace DeepSeek.Edge.Inference.Providers;

/// <summary>CUDA execution provider settings.</summary>
public sealed class CudaOptions
{
    public int DeviceId { get; set; }

    /// <summary>Arena limit in bytes; 0 leaves ONNX Runtime's default (no limit).</summary>
    public long MemoryLimitBytes { get; set; }

    /// <summary>cuDNN convolution algorithm search: <c>EXHAUSTIVE</c>, <c>HEURISTIC</c> or <c>DEFAULT</c>; null leaves ONNX Runtime's (EXHAUSTIVE).</summary>
    public string? ConvAlgoSearch { get; set; }

    /// <summary>The values <see cref="ConvAlgoSearch"/> takes.</summary>
    public static IReadOnlyList<string> ConvAlgoSearchValues { get; } = ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"];
}
