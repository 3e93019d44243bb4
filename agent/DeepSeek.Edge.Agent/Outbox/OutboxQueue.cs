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
    private int _head;
    private long _removedThrough;

    private OutboxQueue(OutboxPriority priority, string directory, long segmentBytes, HeadCheckpoint checkpoint)
    {
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

    public int TornRecords { get; private set; }
    public long DiscardedBytes { get; private set; }

    public long HeadSequence => _entries[_head].Sequence;

    public static OutboxQueue Open(string directory, OutboxPriority priority, long segmentBytes, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var queue = new OutboxQueue(priority, directory, segmentBytes, HeadCheckpoint.Open(Path.Combine(directory, "head")));
        queue.Recover(logger);
        return queue;
    }

    public void Append(long sequence, byte[] record)
    {
        var active = _segments.Count > 0 ? _segments[^1] : null;
        if (active is null || (active.Length > 0 && active.Length + record.Length > _segmentBytes))
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
        return RecordCodec.Decode(e.Segment.Read(e.Offset, e.Length), Priority);
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

    public void SaveCheckpoint() => _checkpoint.Save(_removedThrough);

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
        foreach (var path in files)
        {
            var segment = SegmentFile.Open(path);
            if (segment is null) continue;
            var data = segment.ReadAll();
            var offset = 0;
            while (offset < data.Length)
            {
                if (!RecordCodec.TryCheck(data.AsSpan(offset), OutboxOptions.MaxRecordBytes, out var sequence, out var length) || sequence <= last)
                {
                    TornRecords++;
                    DiscardedBytes += data.Length - offset;
                    OutboxLog.TornRecord(logger, path, offset, data.Length - offset);
                    segment.Truncate(offset);
                    break;
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

    private readonly record struct Entry(long Sequence, SegmentFile Segment, long Offset, int Length);
}
