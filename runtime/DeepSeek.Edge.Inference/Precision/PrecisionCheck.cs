using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Inference.Precision;

/// <summary>The manifest's <c>precision</c> held against the graph, at load: an <c>int8</c> model must carry quantized operators.</summary>
public static class PrecisionCheck
{
    public static void Check(ModelManifest manifest, GraphPrecision graph)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(graph);
        if (manifest.Precision == ModelPrecision.INT8 && !graph.IsQuantized)
        {
            throw new ModelContractException(manifest.Id,
                $"manifest $.precision is \"int8\" but {manifest.Model} has no quantized operators (QuantizeLinear/DequantizeLinear, QLinear*, ConvInteger, " +
                $"MatMulInteger): its {graph.Nodes} nodes are float ({graph.Describe()}); set \"precision\": \"fp32\" (or \"fp16\" to let TensorRT build it in half " +
                $"precision), or quantize it with `ds-edge quantize --model <dir> --target tensorrt`");
        }
    }
}
