using DeepSeek.Edge.Pipelines.Metrics;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>The counts behind <see cref="CameraCounters"/>, updated from the camera's threads.</summary>
internal sealed class CameraCounterSet
{
    private readonly long[] _dropped = new long[DropReasons.All.Length];
    private long _skipped;
    private long _processed;
    private long _delivered;

    public void Skipped() => Interlocked.Increment(ref _skipped);
    public void Processed() => Interlocked.Increment(ref _processed);
    public void Delivered() => Interlocked.Increment(ref _delivered);
    public void Dropped(string reason) => Interlocked.Increment(ref _dropped[Math.Max(0, DropReasons.IndexOf(reason))]);

    public CameraCounters Snapshot(long captured, long decoded, long unreadable)
    {
        var byReason = new Dictionary<string, long>();
        long total = 0;
        for (var i = 0; i < _dropped.Length; i++)
        {
            var n = Interlocked.Read(ref _dropped[i]);
            if (n == 0) continue;
            byReason[DropReasons.All[i]] = n;
            total += n;
        }

        return new CameraCounters(captured, Interlocked.Read(ref _skipped), Interlocked.Read(ref _processed), Interlocked.Read(ref _delivered), total, byReason, decoded, unreadable);
    }
}
