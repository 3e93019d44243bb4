using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Counts the records dropped from the outbox undelivered (full, capture budget, low disk). A record dropped while its PUBLISH
/// is already on the wire (handed to the forwarder, its answer not in yet) is not lost yet: its PUBACK may still come. It is
/// held here until then: a PUBACK counts it delivered; the forwarder starting over from the oldest record (its window given up,
/// e.g. the link went down) counts it dropped with the reason it was dropped for. So the loss counts match what the broker
/// never got, except for a PUBACK the broker did not send before it died. Called under the outbox's lock.
/// </summary>
internal sealed class DropLedger(OutboxTally tally, ILogger logger)
{
    private readonly Dictionary<long, (OutboxPriority Priority, string Reason)> _inFlight = [];
    private long _handedOut;

    /// <summary>Records numbered up to <paramref name="sequence"/> are on their way to the broker.</summary>
    public void HandedOut(long sequence) => _handedOut = Math.Max(_handedOut, sequence);

    /// <summary>The forwarder sends everything again from the oldest record: drops still waiting for their PUBACK are lost.</summary>
    public void StartOver()
    {
        foreach (var (sequence, drop) in _inFlight) Count(drop.Priority, sequence, drop.Reason);
        _inFlight.Clear();
        _handedOut = 0;
    }

    public void Dropped(OutboxPriority priority, long sequence, string reason)
    {
        if (sequence <= _handedOut) _inFlight[sequence] = (priority, reason);
        else Count(priority, sequence, reason);
    }

    /// <summary>True when <paramref name="record"/> was dropped while in flight and is now acknowledged: delivered after all.</summary>
    public bool Delivered(OutboxRecord record) => _inFlight.Remove(record.Sequence);

    private void Count(OutboxPriority priority, long sequence, string reason)
    {
        tally.Lost(priority, reason);
        OutboxMetrics.Dropped.Add(1, OutboxMetrics.Tag(priority), new KeyValuePair<string, object?>("reason", reason));
        OutboxLog.Dropped(logger, priority, sequence, reason);
    }
}
