namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Collects per-sample cosine similarity and absolute difference of one output.</summary>
internal sealed class OutputAgreementAccumulator
{
    private readonly string _output;
    private double _sum;
    private int _count;
    private double _worst = double.PositiveInfinity;
    private string _worstSample = "";
    private double _maxAbs;

    public OutputAgreementAccumulator(string output) => _output = output;

    public void Add(string sample, ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate)
    {
        var cosine = CosineSimilarity.Of(reference, candidate);
        _sum += cosine;
        _count++;
        if (cosine < _worst)
        {
            _worst = cosine;
            _worstSample = sample;
        }

        for (var i = 0; i < reference.Length; i++) _maxAbs = Math.Max(_maxAbs, Math.Abs((double)reference[i] - candidate[i]));
    }

    public OutputAgreement Result() =>
        _count == 0 ? new OutputAgreement(_output, 0, 0, "", 0) : new OutputAgreement(_output, _sum / _count, _worst, _worstSample, _maxAbs);
}
