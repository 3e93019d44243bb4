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
        CancellationToken cancellationToken = default) =>
        Calibrate(fp32, calibration, options, settings, cancellationToken).Write();

    /// <summary>Prepares, plans and calibrates; <see cref="CalibratedModel.Write()"/> then writes the quantized graph (or variants of it).</summary>
    public static CalibratedModel Calibrate(
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
        var plan = QdqPlanner.Plan(prepared.Model.Clone(), options);
        if (plan.Weights.Count == 0 && plan.Nodes.Count == 0)
        {
            var why = plan.Excluded.Count > 0 ? $" ({plan.Excluded.Count} excluded by the options)" : "";
            throw new QuantizationException($"no node of the model can be quantized{why}; static quantization covers {string.Join(", ", QuantRoles.Supported)}");
        }

        // Every planned tensor gets a range of its own, shared ones too: a variant that quantizes a pass-through op's
        // consumer without the op itself quantizes that tensor with its own parameters.
        var calibrator = RangeCalibrators.For(options.Calibrator);
        var statistics = ActivationCollector.Collect(prepared.Model, plan.Tensors, calibration, calibrator.HistogramBins, settings, cancellationToken);
        var ranges = statistics.ToDictionary(s => s.Key, s => calibrator.Compute(s.Value, options.Activations), StringComparer.Ordinal);
        return new CalibratedModel(prepared.Model, prepared.Notes, plan, ranges, calibration.Count, options);
    }
}
