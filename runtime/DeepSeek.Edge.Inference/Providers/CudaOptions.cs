namespace DeepSeek.Edge.Inference.Providers;

/// <summary>CUDA execution provider settings.</summary>
public sealed class CudaOptions
{
    public int DeviceId { get; set; }

    /// <summary>Arena limit in bytes; 0 leaves ONNX Runtime's default (no limit).</summary>
    public long MemoryLimitBytes { get; set; }
}
