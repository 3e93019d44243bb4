using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>
/// Per-layer sensitivity: each layer is quantized alone (its Q/DQ pairs and int8 weights, with the calibrated ranges) in the
/// otherwise FP32 graph, and the outputs are compared with FP32's on calibration samples. The error is the layer's own
/// rounding as the rest of the network carries it to the outputs, without other layers' errors mixed in.
/// </summary>
public static class SensitivityAnalysis
{
    public static IReadOnlyList<LayerSensitivity> Measure(
        CalibratedModel calibrated, IReadOnlyList<QuantizedLayer> layers, IReadOnlyList<ModelSample> samples, SessionSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calibrated);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(settings);
        if (samples.Count == 0) throw new QuantizationException("no samples to measure the layers' sensitivity on; give at least one calibration image");

        string[] outputs;
        float[][][] reference;
        using (var fp32 = settings.Open(OnnxModelFile.ToBytes(calibrated.Prepared)))
        {
            outputs = fp32.OutputMetadata.Keys.ToArray();
            reference = samples.Select(s => SessionRunner.RunToTensors(fp32, s, outputs).Select(t => t.Data).ToArray()).ToArray();
        }

        var results = new List<LayerSensitivity>(layers.Count);
        foreach (var layer in layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var variant = calibrated.Write(calibrated.Options with { OnlyOutputs = layer.Outputs });
            using var session = settings.Open(OnnxModelFile.ToBytes(variant.Model));
            double error = 0;
            for (var s = 0; s < samples.Count; s++)
            {
                var expected = reference[s];
                SessionRunner.Run(session, samples[s], outputs, (i, data, _) => error += 1 - CosineSimilarity.Of(expected[i], data));
            }

            results.Add(new LayerSensitivity(layer, error / (samples.Count * outputs.Length)));
        }

        return results.OrderByDescending(r => r.Error).ToArray();
    }
}
