using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Classification;

/// <summary>
/// <c>softmax</c>: one score per class (logits, or probabilities with <c>apply_softmax: false</c>);
/// the best <c>top_k</c> classes at or above the score threshold, best first.
/// </summary>
internal sealed class SoftmaxDecoder : IOutputDecoder
{
    private static readonly DecodedOutput NoClasses = DecodedOutput.FromClasses([]);

    private readonly OutputRef _output;
    private readonly bool _applySoftmax;
    private readonly int _topK;
    private readonly LabelLookup _labels;
    private readonly int[] _top;
    private float[] _probabilities = [];

    public SoftmaxDecoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _output = OutputRef.Optional(p, "output");
        _applySoftmax = p.Bool("apply_softmax", true);
        _topK = p.Int("top_k", 5, min: 1, max: 100_000);
        _labels = new LabelLookup(manifest.Labels);
        _top = new int[_topK];
        OutputNames = OutputRef.Names(_output);
    }

    public string Kind => DecoderKind.Softmax;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tensor = _output.Resolve(outputs);
        var count = TensorShape.ItemLength(tensor);
        if (count < 1) throw TensorShape.Mismatch(_output, tensor, Kind, "one score per class, e.g. [1, C]");

        var scores = _applySoftmax ? Softmax(tensor.Span[..count]) : tensor.Span[..count];
        var found = SelectTop(scores, thresholds.Score);
        if (found == 0) return NoClasses;

        var classes = new ClassScore[found];
        for (var i = 0; i < found; i++)
        {
            var id = _top[i];
            classes[i] = new ClassScore(id, _labels.Of(id), scores[id]);
        }

        return DecodedOutput.FromClasses(classes);
    }

    private ReadOnlySpan<float> Softmax(ReadOnlySpan<float> logits)
    {
        if (_probabilities.Length < logits.Length) _probabilities = new float[logits.Length];
        var probabilities = _probabilities.AsSpan(0, logits.Length);
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = MathF.Max(max, v);

        var sum = 0d;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = MathF.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        var scale = (float)(1d / sum);
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] *= scale;
        return probabilities;
    }

    /// <summary>Keeps the ids of the best <c>top_k</c> scores in <see cref="_top"/>, best first (ties: lower id first).</summary>
    private int SelectTop(ReadOnlySpan<float> scores, float threshold)
    {
        var found = 0;
        for (var id = 0; id < scores.Length; id++)
        {
            var score = scores[id];
            if (!(score >= threshold)) continue;
            if (found == _top.Length && score <= scores[_top[found - 1]]) continue;

            var at = found == _top.Length ? found - 1 : found++;
            while (at > 0 && scores[_top[at - 1]] < score)
            {
                _top[at] = _top[at - 1];
                at--;
            }

            _top[at] = id;
        }

        return found;
    }
}
