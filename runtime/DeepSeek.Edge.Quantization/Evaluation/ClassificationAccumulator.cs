namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Collects top-1 agreement and top-k overlap of a class-score output.</summary>
internal sealed class ClassificationAccumulator
{
    private readonly string _output;
    private readonly int _k;
    private int _samples;
    private int _top1Same;
    private double _overlap;

    public ClassificationAccumulator(string output, int k)
    {
        _output = output;
        _k = Math.Max(1, k);
    }

    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate)
    {
        var k = Math.Min(_k, reference.Length);
        var a = TopK(reference, k);
        var b = TopK(candidate, k);
        _samples++;
        if (a[0] == b[0]) _top1Same++;
        _overlap += (double)a.Intersect(b).Count() / k;
    }

    public ClassificationAgreement Result() =>
        new(_output, _k, _samples == 0 ? 0 : (double)_top1Same / _samples, _samples == 0 ? 0 : _overlap / _samples);

    private static int[] TopK(ReadOnlySpan<float> scores, int k)
    {
        var copy = scores.ToArray();
        return Enumerable.Range(0, copy.Length).OrderByDescending(i => copy[i]).ThenBy(i => i).Take(k).ToArray();
    }
}
