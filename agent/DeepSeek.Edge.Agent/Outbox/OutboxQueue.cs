using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// The records of one priority, in sequence order: a FIFO over append-only segment files. Records leave only from the head
/// (delivered or dropped), so a head checkpoint is all the bookkeeping needed, and a segment is deleted once the head has passed it.
/// </summary>
internal sealed class OutboxQueue : IDisposable
{
    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly List<SegmentFile> _segments = [];
    private readonly List<Entry> _entries = [];
    private readonly HeadCheckpoint _checkpoint;
    private readonly ILogger _logger;
    private bool _checkpointFailing;
    private int _head;
    private long _removedThrough;

    private OutboxQueue(OutboxPriority priority, string directory, long segmentBytes, HeadCheckpoint checkpoint, ILogger logger)
    {
        _logger = logger;
        Priority = priority;
        _directory = directory;
        _segmentBytes = segmentBytes;
        _checkpoint = checkpoint;
        _removedThrough = checkpoint.Value;
    }

    public OutboxPriority Priority { get; }
    public int Count => _entries.Count - _head;
    public long Bytes { get; private set; }

    /// <summary>Highest sequence number found on disk or in the checkpoint when opened.</summary>
    public long HighestSequenceSeen { get; private set; }

    /// <summary>Undelivered records cut off the end of the newest segment when opened (a write a crash interrupted).</summary>
    public int TornRecords { get; private set; }

    /// <summary>Undelivered records found damaged inside a segment when opened (skipped; the next good record was found by its marker).</summary>
    public int CorruptRecords { get; private set; }
    public long DiscardedBytes { get; private set; }

    public long HeadSequence => _entries[_head].Sequence;

    public static OutboxQueue Open(string directory, OutboxPriority priority, long segmentBytes, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var queue = new OutboxQueue(priority, directory, segmentBytes, HeadCheckpoint.Open(Path.Combine(directory, "head")), logger);
        queue.Recover(logger);
        return queue;
    }

    public void Append(long sequence, byte[] record)
    {
        var active = _segments.Count > 0 ? _segments[^1] : null;
        if (active is null || active.Legacy || (active.Length > 0 && active.Length + record.Length > _segmentBytes))
        {
            if (active is { Dirty: true })
            {
                active.FlushToDisk();
                active.Dirty = false;
            }

            active = SegmentFile.Create(_directory, sequence);
            _segments.Add(active);
        }

        var offset = active.Append(record);
        _entries.Add(new Entry(sequence, active, offset, record.Length));
        Bytes += record.Length;
    }

    /// <summary>Position (from the head) of the first record numbered above <paramref name="sequence"/>; <see cref="Count"/> when none is.</summary>
    public int IndexAfter(long sequence)
    {
        int lo = _head, hi = _entries.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_entries[mid].Sequence <= sequence) lo = mid + 1;
            else hi = mid;
        }

        return lo - _head;
    }

    /// <summary>Sequence number of the last queued record, or 0.</summary>
    public long TailSequence => Count > 0 ? _entries[^1].Sequence : 0;

    /// <summary>The sequence number <paramref name="index"/> records from the head, or null past the end.</summary>
    public long? SequenceAt(int index) => _head + index < _entries.Count ? _entries[_head + index].Sequence : null;

    /// <exception cref="InvalidDataException">The record on disk no longer passes its CRC check.</exception>
    public OutboxRecord ReadAt(int index)
    {
        var e = _entries[_head + index];
        return RecordCodec.Decode(e.Segment.Read(e.Offset, e.Length), Priority, e.Segment.Legacy);
    }

    /// <summary>Removes the head record; returns its size.</summary>
    public int RemoveHead()
    {
        var e = _entries[_head++];
        Bytes -= e.Length;
        _removedThrough = e.Sequence;
        if (_head == _entries.Count)
        {
            _entries.Clear();
            _head = 0;
        }
        else if (_head > 4096 && _head > _entries.Count / 2)
        {
            _entries.RemoveRange(0, _head);
            _head = 0;
        }

        while (_segments.Count > 1 && (Count == 0 || _entries[_head].Segment != _segments[0]))
        {
            _segments[0].Delete();
            _segments.RemoveAt(0);
        }

        return e.Length;
    }

    /// <summary>
    /// Drops every queued record of the oldest segment and gives its disk space back (the segment is deleted, or emptied when
    /// it is the only one). Returns the sequence numbers dropped, oldest first; none when the queue is empty.
    /// </summary>
    public List<long> DropOldestSegment(Action<OutboxQueue> removeHead)
    {
        var dropped = new List<long>();
        if (Count == 0) return dropped;
        var oldest = _entries[_head].Segment;
        while (Count > 0 && _entries[_head].Segment == oldest)
        {
            dropped.Add(HeadSequence);
            removeHead(this);
        }

        if (Count == 0 && _segments.Count == 1 && _segments[0].Length > 0) _segments[0].Truncate(0);
        return dropped;
    }

    /// <summary>Saves the head; a failed write (full disk) is logged once and only means delivered records may be sent again.</summary>
    public void SaveCheckpoint()
    {
        try
        {
            _checkpoint.Save(_removedThrough);
            _checkpointFailing = false;
        }
        catch (IOException e)
        {
            if (!_checkpointFailing) OutboxLog.CheckpointFailed(_logger, Priority, e);
            _checkpointFailing = true;
        }
    }

    /// <summary>Segments written since their last fsync; they are marked clean (the caller forces them to disk).</summary>
    public void TakeDirty(List<SegmentFile> into)
    {
        foreach (var s in _segments)
        {
            if (!s.Dirty) continue;
            s.Dirty = false;
            into.Add(s);
        }
    }

    public void Dispose()
    {
        foreach (var s in _segments) s.Dispose();
        _checkpoint.Dispose();
    }

    private void Recover(ILogger logger)
    {
        HighestSequenceSeen = _removedThrough;
        var last = 0L;
        var files = Directory.GetFiles(_directory, SegmentFile.SearchPattern).Order(StringComparer.Ordinal).ToList();
        for (var f = 0; f < files.Count; f++)
        {
            var segment = SegmentFile.Open(files[f]);
            if (segment is null) continue;
            var data = segment.ReadAll();
            segment.Legacy = data.Length > 0 && RecordCodec.TryCheckLegacy(data, OutboxOptions.MaxRecordBytes, out _, out _);
            var offset = 0;
            var damagedFrom = -1;
            while (offset < data.Length)
            {
                var valid = segment.Legacy
                    ? RecordCodec.TryCheckLegacy(data.AsSpan(offset), OutboxOptions.MaxRecordBytes, out var sequence, out var length)
                    : RecordCodec.TryCheck(data.AsSpan(offset), OutboxOptions.MaxRecordBytes, out sequence, out length);
                if (!valid || sequence <= last)
                {
                    if (segment.Legacy) break; // no marker to find the next record by: the rest is cut off as before
                    if (damagedFrom < 0) damagedFrom = offset;
                    var next = RecordCodec.NextMarker(data, offset + 1);
                    offset = next < 0 ? data.Length : next;
                    continue;
                }

                if (damagedFrom >= 0)
                {
                    SetAside(segment, data, damagedFrom, offset, logger);
                    damagedFrom = -1;
                }

                last = sequence;
                HighestSequenceSeen = Math.Max(HighestSequenceSeen, sequence);
                if (sequence > _removedThrough)
                {
                    _entries.Add(new Entry(sequence, segment, offset, length));
                    Bytes += length;
                }

                offset += length;
            }

            if (segment.Legacy && offset < data.Length) damagedFrom = offset;
            if (damagedFrom >= 0)
            {
                // Damage at the end of the newest segment is where a crash interrupted a write: it is cut off, so the
                // next record is appended right after the last good one. In an older segment it is corruption, left in place.
                var torn = f == files.Count - 1;
                SetAside(segment, data, damagedFrom, data.Length, logger, torn);
                if (torn) segment.Truncate(damagedFrom);
            }

            _segments.Add(segment);
        }

        // Segments the head has passed (or left empty by a crash) go; the last one stays as the active segment if it has room.
        while (_segments.Count > 0 && (Count == 0 || _entries[_head].Segment != _segments[0])
               && (_segments.Count > 1 || _segments[0].Length == 0))
        {
            _segments[0].Delete();
            _segments.RemoveAt(0);
        }
    }

    /// <summary>
    /// Copies damaged bytes to <c>damaged/&lt;segment&gt;.&lt;offset&gt;.bin</c> and counts the records they held that were not
    /// yet delivered: one per record start (the first byte, then each sync marker), unless its sequence number is at or below
    /// the head. A region already set aside by an earlier open is not counted again.
    /// </summary>
    private void SetAside(SegmentFile segment, byte[] data, int from, int to, ILogger logger, bool torn = false)
    {
        var lost = 0;
        for (var start = from; start >= 0 && start < to; start = RecordCodec.NextMarker(data.AsSpan(0, to), start + 1))
        {
            if (RecordCodec.ClaimedSequence(data, start) is not { } claimed || claimed > _removedThrough || claimed <= 0) lost++;
        }

        var damagedDirectory = Path.Combine(_directory, "damaged");
        var copy = Path.Combine(damagedDirectory, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{segment.Name}.{from}.bin"));
        if (File.Exists(copy) && !torn) return;
        try
        {
            Directory.CreateDirectory(damagedDirectory);
            File.WriteAllBytes(copy, data.AsSpan(from, to - from));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            OutboxLog.SetAsideFailed(logger, copy, e);
            copy = "(not kept: " + e.Message + ")";
        }

        if (torn) TornRecords += lost;
        else CorruptRecords += lost;
        DiscardedBytes += to - from;
        OutboxLog.DamagedRecords(logger, segment.Path, from, to - from, lost, torn ? "torn_record" : "corrupt", copy);
    }

    private readonly record struct Entry(long Sequence, SegmentFile Segment, long Offset, int Length);
}
