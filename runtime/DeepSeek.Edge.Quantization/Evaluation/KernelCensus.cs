using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>
/// The ops ONNX Runtime actually runs for a model after its graph optimizations (from its optimized-model output),
/// e.g. how many Conv became QLinearConv. Shows whether the QDQ layout was fused into INT8 kernels.
/// </summary>
public static class KernelCensus
{
    public static IReadOnlyDictionary<string, int> Of(byte[] model, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var path = Path.Combine(Path.GetTempPath(), $"ds-edge-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using ((settings with { OptimizedModelPath = path }).Open(model))
            {
            }

            return OnnxModelFile.Load(path).Graph.Node
                .GroupBy(n => n.OpType, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
