using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// Static post-training quantization into the QDQ format: prepare (opset 13, weights as initializers, BatchNorm
/// folded), plan the Q/DQ layout, calibrate activation ranges on samples, rewrite the graph.
/// </summary>
public static class StaticQuantizer
{
    public static StaticQuantizationResult Quantize(
        ModelProto fp32,
        IReadOnlyList<ModelSample> calibration,
        StaticQuantizationOptions options,
        SessionSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);

        var prepared = GraphPreparer.Prepare(fp32, options.FoldBatchNorm);
        var plan = QdqPlanner.Plan(prepared.Model, options);
        if (plan.Weights.Count == 0 && plan.Nodes.Count == 0)
        {
            var why = plan.Excluded.Count > 0 ? $" ({plan.Excluded.Count} excluded by the options)" : "";
            throw new QuantizationException($"no node of the model can be quantized{why}; static quantization covers {string.Join(", ", QuantRoles.Supported)}");
        }

        var calibrator = RangeCalibrators.For(options.Calibrator);
        var statistics = ActivationCollector.Collect(prepared.Model, plan.TensorsToCalibrate, calibration, calibrator.HistogramBins, settings, cancellationToken);
        var ranges = statistics.ToDictionary(s => s.Key, s => calibrator.Compute(s.Value, options.Activations), StringComparer.Ordinal);
        var summary = QdqGraphWriter.Write(prepared.Model, plan, ranges, options.Activations);
        return new StaticQuantizationResult(prepared.Model, summary, prepared.Notes, calibration.Count, ranges);
    }
}
