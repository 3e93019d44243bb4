namespace DeepSeek.Edge.Inference.Running;

/// <summary>Collects samples (milliseconds) of one stage and summarises them as percentiles.</summary>
public sealed class LatencyStats
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;
    public double Total { get; private set; }

    public void Add(double ms)
    {
        _samples.Add(ms);
        Total += ms;
    }

    /// <summary>The p-th percentile (0-100), nearest-rank; 0 when empty.</summary>
    public double Percentile(double p)
    {
        if (_samples.Count == 0) return 0;
        var sorted = _samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public double Mean => _samples.Count == 0 ? 0 : Total / _samples.Count;
}
