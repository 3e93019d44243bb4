using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>The ONNX Runtime session entries every CPU session of the runtime and the quantizer gets.</summary>
public static class CpuSessionConfig
{
    /// <summary>
    /// Thread spinning off between operators (on a 2-core board a spinning pool fights video decoding), on within one when
    /// <paramref name="spinning"/>; and exact INT8 products on x86 CPUs without VNNI (AVX2, AVX-512 without VNNI): ORT's fast
    /// U8S8 kernels there saturate 16-bit intermediate sums, which moves boxes and scores of a quantized model
    /// (BlazeFace's worst box IoU against FP32 fell to 0.76 on an AMD EPYC with AVX2); with <c>session.x64quantprecision</c> ORT converts the
    /// weights to U8U8 on those CPUs only. VNNI and ARM CPUs, and other providers, are unaffected.
    /// </summary>
    public static void Apply(SessionOptions options, bool spinning = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.x64quantprecision", "1");
    }
}
