using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Captures;

/// <summary>
/// Captures the cameras took (chose and encoded), queued in the outbox, and dropped before the outbox, by reason: metrics
/// <c>dsedge.captures.taken{camera,reason}</c>, <c>dsedge.captures.queued{camera}</c>, <c>dsedge.captures.dropped{camera,reason}</c>,
/// and totals for telemetry. What the outbox delivers or loses is in <see cref="Outbox.OutboxTally"/> (priority capture).
/// </summary>
public sealed class CaptureCounters
{
    private static readonly Counter<long> TakenCounter =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.captures.taken", "{capture}", "Frames chosen for retraining and encoded, by camera and reason (band, command)");

    private static readonly Counter<long> QueuedCounter =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.captures.queued", "{capture}", "Captures handed to the outbox, by camera");

    private static readonly Counter<long> DroppedCounter =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.captures.dropped", "{capture}", "Captures given up before the outbox, by camera and reason (hour_cap, day_cap, byte_budget, too_large, encode_failed)");

    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private long _taken;
    private long _queued;

    public long Taken => Interlocked.Read(ref _taken);
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Drops before the outbox, by reason.</summary>
    public IReadOnlyDictionary<string, long> Dropped => _dropped.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);

    public void CountTaken(string camera, string reason)
    {
        Interlocked.Increment(ref _taken);
        TakenCounter.Add(1, new KeyValuePair<string, object?>("camera", camera), new KeyValuePair<string, object?>("reason", reason));
    }

    public void CountQueued(string camera)
    {
        Interlocked.Increment(ref _queued);
        QueuedCounter.Add(1, new KeyValuePair<string, object?>("camera", camera));
    }

    public void CountDropped(string camera, string reason)
    {
        _dropped.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        DroppedCounter.Add(1, new KeyValuePair<string, object?>("camera", camera), new KeyValuePair<string, object?>("reason", reason));
    }
}
