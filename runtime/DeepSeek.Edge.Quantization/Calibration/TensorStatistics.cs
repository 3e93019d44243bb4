namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>
/// What calibration saw of one tensor: its extremes (first pass) and, when the calibrator needs it, a histogram of
/// magnitudes |x| over [0, <see cref="AbsMax"/>] (second pass, once the extremes are known). Non-finite values are skipped.
/// </summary>
public sealed class TensorStatistics
{
    private long[]? _histogram;
    private float _binWidth;

    public float Min { get; private set; } = float.PositiveInfinity;
    public float Max { get; private set; } = float.NegativeInfinity;
    public long Count { get; private set; }
    public float AbsMax => Count == 0 ? 0f : MathF.Max(MathF.Abs(Min), MathF.Abs(Max));

    public IReadOnlyList<long> Histogram => _histogram ?? throw new InvalidOperationException("no histogram was collected");

    /// <summary>Width of one histogram bin (bin i covers [i*w, (i+1)*w)).</summary>
    public float BinWidth => _binWidth;

    public void AddRange(ReadOnlySpan<float> values)
    {
        var min = Min;
        var max = Max;
        var count = 0L;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
            count++;
        }

        Min = min;
        Max = max;
        Count += count;
    }

    public void StartHistogram(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        _histogram = new long[bins];
        var absMax = AbsMax;
        _binWidth = absMax > 0f ? absMax / bins : 1f;
    }

    public void AddHistogram(ReadOnlySpan<float> values)
    {
        var histogram = _histogram ?? throw new InvalidOperationException("call StartHistogram after the first pass");
        var last = histogram.Length - 1;
        var inverse = 1f / _binWidth;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            var bin = (int)(MathF.Abs(v) * inverse);
            histogram[bin > last ? last : bin]++;
        }
    }
}
