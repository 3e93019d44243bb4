using System.Globalization;
using DeepSeek.Edge.Agent.Health;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Keeps the outbox inside the real free space of its file system (statvfs), by priority: a telemetry record is stored only
/// while <see cref="OutboxOptions.MinFreeBytes"/> stays free after it, an event while half of that does, an alert while
/// it fits at all. To store a record, whole segments of lower priorities are dropped first (oldest first; counted as
/// dropped, <c>reason=disk_low</c>). What still cannot be stored is counted (<c>dsedge.outbox.messages.unstored</c>), logged
/// once per priority until every priority is stored again, and makes <see cref="Degradation"/> say why. Called under the outbox's lock.
/// Free space is read from the file system at most every <see cref="RefreshInterval"/> (less what the outbox wrote since), and
/// at every record once it is within twice <see cref="OutboxOptions.MinFreeBytes"/> of full, so a busy outbox does not make
/// a statvfs call for each message.
/// </summary>
internal sealed class FreeSpacePolicy(string directory, long minFreeBytes, OutboxTally tally, DropLedger ledger, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private long? _readFree;
    private long _readAt;
    private long _writtenSinceRead;
    private readonly long[] _unstoredWhileDegraded = new long[Enum.GetValues<OutboxPriority>().Length];
    private readonly bool[] _warned = new bool[Enum.GetValues<OutboxPriority>().Length];

    /// <summary>Why the outbox is not storing everything, or null when it is.</summary>
    public string? Degradation { get; private set; }

    public long Unstored { get; private set; }

    /// <summary>Makes room for <paramref name="length"/> bytes of <paramref name="incoming"/>; false when it cannot (the caller then calls <see cref="NotStored"/>).</summary>
    public bool MakeRoom(OutboxQueue[] queues, int length, OutboxPriority incoming, Action<OutboxQueue> removeHead)
    {
        while (Free(length) is { } free && free - length < Floor(incoming))
        {
            var victim = queues.FirstOrDefault(q => q.Count > 0 && q.Priority < incoming);
            if (victim is null)
            {
                Degrade(incoming, string.Create(CultureInfo.InvariantCulture,
                    $"{free} bytes free on the file system of {directory}; {OutboxMetrics.Name(incoming)} messages need {Floor(incoming)} to stay free (Outbox:MinFreeBytes {minFreeBytes})"));
                return false;
            }

            foreach (var sequence in victim.DropOldestSegment(removeHead)) ledger.Dropped(victim.Priority, sequence, "disk_low");

            victim.SaveCheckpoint();
            _readFree = null; // segments were deleted: read again
        }

        return true;
    }

    /// <summary>Counts a message that could not be stored (low disk, or a write that failed, e.g. ENOSPC) and logs it.</summary>
    public void NotStored(OutboxPriority priority, long sequence, string reason, string? detail = null)
    {
        if (detail is not null) Degrade(priority, detail);
        Unstored++;
        _unstoredWhileDegraded[(int)priority]++;
        tally.Lost(priority, reason);
        OutboxMetrics.Unstored.Add(1, OutboxMetrics.Tag(priority), new KeyValuePair<string, object?>("reason", reason));
        OutboxLog.NotStored(logger, priority, sequence, reason);
    }

    /// <summary>After a record of <paramref name="length"/> bytes was stored: when telemetry would fit again too, the outbox is no longer degraded.</summary>
    public void Stored(int length)
    {
        _writtenSinceRead += length;
        if (Degradation is null || Free(0) is { } free && free < Floor(OutboxPriority.Telemetry)) return;
        OutboxLog.StoresAgain(logger, _unstoredWhileDegraded[(int)OutboxPriority.Capture], _unstoredWhileDegraded[(int)OutboxPriority.Telemetry],
            _unstoredWhileDegraded[(int)OutboxPriority.Event], _unstoredWhileDegraded[(int)OutboxPriority.Alert]);
        Array.Clear(_unstoredWhileDegraded);
        Array.Clear(_warned);
        Degradation = null;
    }

    private void Degrade(OutboxPriority priority, string reason)
    {
        Degradation = "outbox: " + reason;
        if (_warned[(int)priority]) return;
        _warned[(int)priority] = true;
        OutboxLog.CannotStore(logger, priority, reason);
    }

    private long Floor(OutboxPriority priority) => priority switch
    {
        OutboxPriority.Capture or OutboxPriority.Telemetry => minFreeBytes,
        OutboxPriority.Event => minFreeBytes / 2,
        _ => 0,
    };

    /// <summary>Free bytes, estimated from the last reading while that is recent and far from the floors, else read now.</summary>
    private long? Free(int length)
    {
        var estimate = _readFree - _writtenSinceRead;
        if (estimate is { } e && time.GetElapsedTime(_readAt) < RefreshInterval && e - length >= 2 * minFreeBytes && Degradation is null) return e;
        _readFree = DiskSpace.Read(directory)?.Free;
        _readAt = time.GetTimestamp();
        _writtenSinceRead = 0;
        return _readFree;
    }
}
