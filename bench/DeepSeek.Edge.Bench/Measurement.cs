namespace DeepSeek.Edge.Bench;

/// <summary>One measured run: frames per second and managed bytes allocated per frame (null when not measured), or why it could not run.</summary>
internal sealed record Measurement(double Fps, double? BytesPerFrame, string? Failure = null)
{
    public static Measurement Failed(string why) => new(0, null, why);

    /// <summary>The run with the median fps of several (allocation taken from the same run).</summary>
    public static Measurement Median(IReadOnlyList<Measurement> runs)
    {
        if (runs.Any(r => r.Failure is not null)) return runs.First(r => r.Failure is not null);
        return runs.OrderBy(r => r.Fps).ElementAt(runs.Count / 2);
    }
}
