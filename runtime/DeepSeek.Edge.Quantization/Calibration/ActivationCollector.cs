using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Quantization.Sessions;
using Onnx;

namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>
/// Runs calibration samples through a copy of the FP32 model in which every tensor to calibrate is also a graph
/// output, and gathers each tensor's statistics: extremes in a first pass, a magnitude histogram in a second when
/// the calibrator needs one.
/// </summary>
public static class ActivationCollector
{
    public static IReadOnlyDictionary<string, TensorStatistics> Collect(
        ModelProto model,
        IReadOnlyCollection<string> tensors,
        IReadOnlyList<ModelSample> samples,
        int histogramBins,
        SessionSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(settings);
        if (samples.Count == 0) throw new QuantizationException("no calibration samples: give a directory with at least one image");

        var index = new GraphIndex(model.Graph);
        var statistics = tensors.Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => new TensorStatistics(), StringComparer.Ordinal);
        var computed = statistics.Keys.Where(t => !index.Inputs.Contains(t)).ToArray();

        using var session = computed.Length > 0 ? settings.Open(OnnxModelFile.ToBytes(WithOutputs(model, computed))) : null;

        void Pass(Action<TensorStatistics, ReadOnlySpan<float>> observe)
        {
            foreach (var sample in samples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var input in sample.Inputs)
                {
                    if (statistics.TryGetValue(input.Name, out var s)) observe(s, input.Data);
                }

                if (session is not null)
                    SessionRunner.Run(session, sample, computed, (i, data, _) => observe(statistics[computed[i]], data));
            }
        }

        Pass((s, data) => s.AddRange(data));
        if (histogramBins > 0)
        {
            foreach (var s in statistics.Values) s.StartHistogram(histogramBins);
            Pass((s, data) => s.AddHistogram(data));
        }

        return statistics;
    }

    /// <summary>A copy of the model that also outputs the given intermediate tensors (as float tensors of any shape).</summary>
    public static ModelProto WithOutputs(ModelProto model, IEnumerable<string> tensors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        var copy = model.Clone();
        var existing = copy.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in tensors.Where(existing.Add))
        {
            copy.Graph.Output.Add(new ValueInfoProto
            {
                Name = tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        return copy;
    }
}
