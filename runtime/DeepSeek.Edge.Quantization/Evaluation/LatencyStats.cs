namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Wall-clock latency of single runs (milliseconds).</summary>
public sealed record LatencyStats(double MedianMs, double P90Ms, double MeanMs, int Runs)
{
    public static LatencyStats From(IReadOnlyList<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0) return new LatencyStats(0, 0, 0, 0);
        var sorted = milliseconds.Order().ToArray();
        return new LatencyStats(Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted.Average(), sorted.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
}
