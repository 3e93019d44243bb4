namespace DeepSeek.Edge.Inference.Providers;

/// <summary>CPU execution provider settings.</summary>
public sealed class CpuOptions
{
    /// <summary>Intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Busy-wait between ops. Off by default: on small boards spinning threads starve video decoding.</summary>
    public bool Spinning { get; set; }
}
