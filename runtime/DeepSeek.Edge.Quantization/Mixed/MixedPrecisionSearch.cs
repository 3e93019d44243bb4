using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>
/// Accuracy-driven mixed precision, as Intel Neural Compressor's and TensorRT's layer-wise tuning do it: rank the layers by
/// sensitivity (<see cref="SensitivityAnalysis"/>), keep the most sensitive 1, 2, 3... float until the model meets the
/// budget (greedy, at most <see cref="MixedPrecisionOptions.MaxFloatLayers"/>), then drop from that set every layer the
/// budget does not need (one pass, least sensitive first). Calibration is not repeated: the ranges are the FP32 graph's.
/// </summary>
public static class MixedPrecisionSearch
{
    /// <param name="judge">Holds a candidate model (ONNX bytes) to the accuracy budget on the held-out samples.</param>
    public static MixedPrecisionResult Run(
        CalibratedModel calibrated,
        IReadOnlyList<ModelSample> calibration,
        MixedPrecisionOptions options,
        SessionSettings settings,
        Func<byte[], AccuracyVerdict> judge,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calibrated);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(judge);
        progress ??= _ => { };
        var layers = QuantizedLayer.Of(calibrated.Plan, new GraphIndex(calibrated.Prepared.Graph));
        var samples = calibration.Take(Math.Max(1, options.SensitivitySamples)).ToArray();
        progress($"measuring the sensitivity of {layers.Count} quantized layers, each alone, on {samples.Length} calibration images");
        var ranked = SensitivityAnalysis.Measure(calibrated, layers, samples, settings, cancellationToken);

        var trials = new List<MixedPrecisionTrial>();
        (MixedPrecisionTrial Trial, StaticQuantizationResult Model) Try(IReadOnlyList<QuantizedLayer> floatLayers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = calibrated.Write(calibrated.Options with
            {
                ExcludeOutputs = floatLayers.SelectMany(l => l.Outputs).ToHashSet(StringComparer.Ordinal),
            });
            var bytes = OnnxModelFile.ToBytes(model.Model);
            var trial = new MixedPrecisionTrial(floatLayers, bytes.LongLength, judge(bytes));
            trials.Add(trial);
            progress($"{floatLayers.Count} layer(s) float ({floatLayers[^1].Description} added): {(trial.Verdict.Passed ? "meets the budget" : string.Join("; ", trial.Verdict.Misses))}");
            return (trial, model);
        }

        var limit = Math.Min(options.MaxFloatLayers, ranked.Count);
        for (var k = 1; k <= limit; k++)
        {
            var (trial, model) = Try(ranked.Take(k).Select(r => r.Layer).ToArray());
            if (!trial.Verdict.Passed) continue;
            var chosen = (trial, model);
            var kept = trial.FloatLayers.ToList();
            // The greedy prefix may hold layers that only helped together with a later one: try without each (least sensitive first).
            for (var i = kept.Count - 2; i >= 0 && kept.Count > 1; i--)
            {
                var without = kept.Where((_, j) => j != i).ToArray();
                var attempt = Try(without);
                if (!attempt.Trial.Verdict.Passed) continue;
                kept = [.. without];
                chosen = attempt;
            }

            return new MixedPrecisionResult(ranked, trials, chosen.trial, chosen.model, samples.Length, options.MaxFloatLayers);
        }

        return new MixedPrecisionResult(ranked, trials, null, null, samples.Length, options.MaxFloatLayers);
    }
}
