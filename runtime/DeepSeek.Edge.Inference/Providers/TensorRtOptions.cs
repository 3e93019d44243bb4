namespace DeepSeek.Edge.Inference.Providers;

/// <summary>TensorRT execution provider settings.</summary>
public sealed class TensorRtOptions
{
    public int DeviceId { get; set; }
    public bool Fp16 { get; set; } = true;
    public bool Int8 { get; set; }

    /// <summary>Jetson DLA core to use, or null for the GPU.</summary>
    public int? DlaCore { get; set; }

    /// <summary>Root of the engine and timing caches; each model gets a sub-directory keyed by its SHA-256 and the runtime version.</summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "ds-edge", "trt-cache");

    public long WorkspaceBytes { get; set; } = 1L << 30;
}
