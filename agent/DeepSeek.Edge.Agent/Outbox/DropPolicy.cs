using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Makes room in a full outbox: drops the oldest record of the lowest priority not above the incoming one, until the new
/// record fits; when everything queued outranks it, the incoming record is the one dropped. Logs once when the outbox fills
/// and once, with the counts, when it has room again; counts every drop. Called under the outbox's lock.
/// </summary>
internal sealed class DropPolicy(long maxBytes, ILogger logger)
{
    private readonly long[] _droppedWhileFull = new long[3];
    private bool _full;

    public long Dropped { get; private set; }

    /// <summary>False when the incoming record itself must be dropped (the caller then calls <see cref="Drop"/>).</summary>
    public bool MakeRoom(OutboxQueue[] queues, int length, OutboxPriority incoming, Action<OutboxQueue> removeHead)
    {
        var dropped = false;
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
            OutboxLog.RoomAgain(logger, _droppedWhileFull[0], _droppedWhileFull[1], _droppedWhileFull[2]);
            Array.Clear(_droppedWhileFull);
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
        Dropped++;
        OutboxMetrics.Dropped.Add(1, OutboxMetrics.Tag(priority), new KeyValuePair<string, object?>("reason", "full"));
        OutboxLog.Dropped(logger, priority, sequence, "full");
    }
}
