using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Makes room in a full outbox: drops the oldest record of the lowest priority not above the incoming one, until the new
/// record fits; when everything queued outranks it, the incoming record is the one dropped. Logs once when the outbox fills
/// and once, with the counts, when it has room again; counts every drop. Called under the outbox's lock.
/// </summary>
internal sealed class DropPolicy(long maxBytes, long captureMaxBytes, DropLedger ledger, ILogger logger)
{
    private readonly long[] _droppedWhileFull = new long[Enum.GetValues<OutboxPriority>().Length];
    private bool _full;

    /// <summary>Records dropped to make room (or not let in), whether or not a PUBLISH of theirs was already on the wire.</summary>
    public long Dropped { get; private set; }

    /// <summary>False when the incoming record itself must be dropped (the caller then calls <see cref="Drop"/>).</summary>
    public bool MakeRoom(OutboxQueue[] queues, int length, OutboxPriority incoming, Action<OutboxQueue> removeHead)
    {
        var dropped = false;
        if (incoming == OutboxPriority.Capture && !MakeCaptureRoom(queues[(int)OutboxPriority.Capture], length, removeHead)) return false;
        while (queues.Sum(q => q.Bytes) + length > maxBytes)
        {
            var victim = queues.FirstOrDefault(q => q.Count > 0 && q.Priority <= incoming);
            if (victim is null) return false;
            var sequence = victim.HeadSequence;
            removeHead(victim);
            victim.SaveCheckpoint();
            Drop(victim.Priority, sequence);
            dropped = true;
        }

        if (_full && !dropped)
        {
            _full = false;
            OutboxLog.RoomAgain(logger, _droppedWhileFull[(int)OutboxPriority.Capture], _droppedWhileFull[(int)OutboxPriority.Telemetry],
                _droppedWhileFull[(int)OutboxPriority.Event], _droppedWhileFull[(int)OutboxPriority.Alert]);
            Array.Clear(_droppedWhileFull);
        }

        return true;
    }

    /// <summary>
    /// Captures have their own budget inside the outbox's (<see cref="OutboxOptions.CaptureMaxBytes"/>): the oldest captures
    /// make room for a new one (<c>reason=capture_budget</c>); false when the new one alone is over it.
    /// </summary>
    private bool MakeCaptureRoom(OutboxQueue captures, int length, Action<OutboxQueue> removeHead)
    {
        if (length > captureMaxBytes) return false;
        while (captures.Count > 0 && captures.Bytes + length > captureMaxBytes)
        {
            var sequence = captures.HeadSequence;
            removeHead(captures);
            captures.SaveCheckpoint();
            Count(OutboxPriority.Capture, sequence, "capture_budget");
        }

        return true;
    }

    public void Drop(OutboxPriority priority, long sequence)
    {
        if (!_full)
        {
            _full = true;
            OutboxLog.Full(logger, maxBytes);
        }

        _droppedWhileFull[(int)priority]++;
        Count(priority, sequence, "full");
    }

    private void Count(OutboxPriority priority, long sequence, string reason)
    {
        Dropped++;
        ledger.Dropped(priority, sequence, reason);
    }
}
