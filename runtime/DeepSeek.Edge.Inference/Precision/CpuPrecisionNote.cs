using System.Collections.Concurrent;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Manifest;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Precision;

/// <summary>
/// On CPU there is no precision flag: the graph runs in the types it is stored in. Said once per model version and
/// precision, so an operator who set <c>fp16</c> or <c>int8</c> learns what it means here.
/// </summary>
internal static class CpuPrecisionNote
{
    private static readonly ConcurrentDictionary<string, byte> Said = new(StringComparer.Ordinal);

    public static void LogOnce(ILogger logger, ModelManifest manifest, GraphPrecision graph)
    {
        if (!Said.TryAdd($"{manifest.Id}/{manifest.Precision}", 0)) return;
        var meaning = manifest.Precision switch
        {
            ModelPrecision.INT8 => $"its {graph.QuantizedNodes} quantized nodes run on ONNX Runtime's CPU INT8 kernels (Q/DQ pairs fused into QLinear* operators); the precision is the graph's, there is no flag to set",
            _ => "the CPU provider has no FP16 flag: a float32 graph runs in float32, a float16 graph's nodes run in float16 where the CPU provider has kernels and are cast otherwise; fp16 takes effect on TensorRT (trt_fp16_enable)",
        };
        InferenceLog.CpuPrecision(logger, manifest.Id, manifest.Precision.ToString().ToLowerInvariant(), meaning);
    }
}
