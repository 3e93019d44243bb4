using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Manifest;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Precision;

/// <summary>
/// A quantized model asked to run on a chain that starts with TensorRT, when TensorRT cannot build it in INT8: uint8
/// (asymmetric) activations, which its explicit INT8 path does not take, or ONNX Runtime's own quantized operators
/// without Q/DQ nodes. The model still loads (the chain may fall back, or TensorRT builds the float parts); each case is
/// logged, counted (<c>dsedge.model.precision.warnings</c>) and reported with the load (<see cref="Engine.EngineSetup.PrecisionWarnings"/>).
/// </summary>
public static class PrecisionWarnings
{
    public const string Uint8ActivationsOnTensorRt = "uint8_activations_on_tensorrt";

    public const string OrtQuantizedOnTensorRt = "ort_quantized_on_tensorrt";

    public static IReadOnlyList<string> For(ModelManifest manifest, GraphPrecision graph, IList<ExecutionProvider> chain, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(logger);
        if (chain.Count == 0 || chain[0] != ExecutionProvider.TensorRT) return [];
        var names = string.Join(",", chain.Select(p => p.Name()));
        var warnings = new List<string>();
        if (manifest.QuantizationInfo?.Activations == ActivationType.UInt8)
        {
            InferenceLog.Uint8ActivationsOnTensorRt(logger, manifest.Id, names);
            warnings.Add(Uint8ActivationsOnTensorRt);
        }

        if (manifest.Precision == ModelPrecision.INT8 && !graph.HasQdq)
        {
            InferenceLog.OrtQuantizedOnTensorRt(logger, manifest.Id, names);
            warnings.Add(OrtQuantizedOnTensorRt);
        }

        foreach (var warning in warnings)
            InferenceMetrics.PrecisionWarnings.Add(1, new("model", manifest.Name), new("version", manifest.Version), new("warning", warning));
        return warnings;
    }
}
