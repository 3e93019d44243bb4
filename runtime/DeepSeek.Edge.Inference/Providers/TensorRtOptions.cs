namespace DeepSeek.Edge.Inference.Providers;

/// <summary>TensorRT execution provider settings. FP16 and INT8 follow the model's precision unless set here.</summary>
public sealed class TensorRtOptions
{
    public int DeviceId { get; set; }

    /// <summary>Let TensorRT pick FP16 kernels; null follows the precision (on for fp16 and int8 models, off for fp32).</summary>
    public bool? Fp16 { get; set; }

    /// <summary>INT8 (explicit quantization from the graph's Q/DQ nodes); null follows the precision (on for int8 models).</summary>
    public bool? Int8 { get; set; }

    /// <summary>Jetson DLA core to use, or null for the GPU.</summary>
    public int? DlaCore { get; set; }

    /// <summary>TensorRT's builder optimisation level (0-5; TensorRT's default is 3): higher builds longer for faster engines. Null leaves TensorRT's.</summary>
    public int? BuilderOptimizationLevel { get; set; }

    /// <summary>Keep TensorRT's timing cache next to the engines, so a rebuild (another precision, a new version) times layers once.</summary>
    public bool TimingCache { get; set; } = true;

    /// <summary>Root of the engine and timing caches; each model gets a sub-directory keyed by everything an engine depends on (see <c>TensorRtCache</c>).</summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "ds-edge", "trt-cache");

    public long WorkspaceBytes { get; set; } = 1L << 30;
}
