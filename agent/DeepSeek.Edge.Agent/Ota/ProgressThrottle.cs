namespace DeepSeek.Edge.Agent.Ota;

/// <summary>Passes a download's (stored bytes, total bytes) on to a callback at most four times a second, plus the ones that must be seen.</summary>
internal sealed class ProgressThrottle(Func<long, long, Task> progress, long size, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private long _last = long.MinValue;

    public async ValueTask ReportAsync(long bytes, bool force)
    {
        var now = time.GetTimestamp();
        if (!force && _last != long.MinValue && time.GetElapsedTime(_last, now) < Interval) return;
        _last = now;
        await progress(bytes, size).ConfigureAwait(false);
    }
}
