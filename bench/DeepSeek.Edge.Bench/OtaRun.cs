namespace DeepSeek.Edge.Bench;

/// <summary>
/// One repeat of the over-the-air bench, in MiB/s: (a) publish, (b) receive, and the bare baselines (c) for each side; and the
/// milliseconds of (a) spent describing the package (hashing it and each chunk) before the first chunk goes out.
/// </summary>
internal sealed record OtaRun(double Publish, double DescribeMs, double BarePublish, double Receive, double BareReceive)
{
    public double PublishRatio => Publish / BarePublish;
    public double ReceiveRatio => Receive / BareReceive;

    public static double MiBPerSecond(long bytes, TimeSpan elapsed) => bytes / (1024.0 * 1024.0) / elapsed.TotalSeconds;

    /// <summary>The median of each column on its own (ratios: the median of the per-run ratios, each from side-by-side runs).</summary>
    public static (double Publish, double DescribeMs, double BarePublish, double PublishRatio, double Receive, double BareReceive, double ReceiveRatio) Median(IReadOnlyList<OtaRun> runs) => (
        Middle(runs.Select(r => r.Publish)), Middle(runs.Select(r => r.DescribeMs)), Middle(runs.Select(r => r.BarePublish)), Middle(runs.Select(r => r.PublishRatio)),
        Middle(runs.Select(r => r.Receive)), Middle(runs.Select(r => r.BareReceive)), Middle(runs.Select(r => r.ReceiveRatio)));

    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
