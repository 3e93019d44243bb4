using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Store-and-forward queue for captures, telemetry, events and alerts. Every message gets the next per-device sequence number and
/// is written to an append-only segment file before <see cref="Enqueue"/> returns; it leaves the queue only after the
/// broker's PUBACK (<see cref="Complete"/>) or when a full queue drops it (lowest priority, oldest first).
/// Durability: see docs/protocol.md, "Outbox durability".
/// </summary>
public sealed class Outbox : IDisposable
{
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly OutboxQueue[] _queues;
    private readonly SequenceStore _sequence;
    private readonly DirectoryLock _lock;
    private readonly ITimer? _flushTimer;
    private readonly DropPolicy _drops;
    private readonly FreeSpacePolicy _space;
    private readonly DropLedger _ledger;
    private readonly Dictionary<(OutboxPriority, long), int> _readFailures = [];
    private TaskCompletionSource _available = NewSignal();
    private bool _closed;
    private long _discarded;
    private readonly (long Sequence, DateTimeOffset EnqueuedAt)?[] _oldest = new (long, DateTimeOffset)?[Enum.GetValues<OutboxPriority>().Length];

    private Outbox(OutboxOptions options, ILogger logger, TimeProvider time, DirectoryLock directoryLock, OutboxQueue[] queues, SequenceStore sequence)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _lock = directoryLock;
        _queues = queues;
        _sequence = sequence;
        _ledger = new DropLedger(Tally, logger);
        _drops = new DropPolicy(options.MaxBytes, options.CaptureBudget, _ledger, logger);
        _space = new FreeSpacePolicy(Path.GetFullPath(options.Directory), options.MinFreeBytes, Tally, _ledger, logger, time);
        if (options.FsyncInterval > TimeSpan.Zero)
            _flushTimer = time.CreateTimer(_ => FlushDirty(), null, options.FsyncInterval, options.FsyncInterval);
    }

    /// <summary>Attempts to read a record that fails with an I/O error before it is given up (<c>reason=read_error</c>).</summary>
    public const int ReadAttempts = 3;

    /// <summary>Per priority, what was delivered and what was lost (by reason) since opened.</summary>
    public OutboxTally Tally { get; } = new();

    public OutboxRecoveryReport Recovery { get; private set; } = new(0, 0, 0, 0, 0, 1);

    /// <summary>
    /// Fixed when the sequence file was created (32 hex digits). Sent with every message: a device whose outbox was lost
    /// starts again at sequence 1 with a new epoch, so <c>(device, epoch, seq)</c> identifies a message.
    /// </summary>
    public string Epoch => _sequence.Epoch;

    /// <summary>Why the outbox is not storing every message (low or full disk), or null while it is.</summary>
    public string? Degradation
    {
        get
        {
            lock (_gate) return _space.Degradation;
        }
    }

    /// <summary>Messages that could not be stored (low or full disk, a failed write) since opened.</summary>
    public long UnstoredMessages
    {
        get
        {
            lock (_gate) return _space.Unstored;
        }
    }

    internal long CountOf(OutboxPriority priority)
    {
        lock (_gate) return _closed ? 0 : _queues[(int)priority].Count;
    }

    internal long BytesOf(OutboxPriority priority)
    {
        lock (_gate) return _closed ? 0 : _queues[(int)priority].Bytes;
    }

    /// <summary>
    /// When the oldest queued record of a priority was enqueued; null when none waits or it cannot be read now. The head record is
    /// read from its segment once per head (the result is kept until the head moves), so the status page can ask every refresh.
    /// </summary>
    internal DateTimeOffset? OldestEnqueuedAt(OutboxPriority priority)
    {
        lock (_gate)
        {
            var queue = _queues[(int)priority];
            if (_closed || queue.Count == 0) return null;
            if (_oldest[(int)priority] is { } known && known.Sequence == queue.HeadSequence) return known.EnqueuedAt;
            try
            {
                var head = queue.ReadAt(0);
                _oldest[(int)priority] = (head.Sequence, head.EnqueuedAt);
                return head.EnqueuedAt;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return null; // delivery reads it again, and discards it (counted and logged) if it stays unreadable
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate) return _queues.Sum(q => q.Count);
        }
    }

    public long Bytes
    {
        get
        {
            lock (_gate) return _queues.Sum(q => q.Bytes);
        }
    }

    /// <summary>Messages dropped because the outbox was full, since it was opened.</summary>
    public long DroppedMessages
    {
        get
        {
            lock (_gate) return _drops.Dropped;
        }
    }

    /// <summary>Records removed undelivered since opened: refused by the broker, unsendable, or corrupt on read (torn ones: <see cref="Recovery"/>).</summary>
    public long DiscardedMessages => Interlocked.Read(ref _discarded);

    /// <summary>Opens (and recovers) the outbox in <see cref="OutboxOptions.Directory"/>, which only one outbox may hold at a time.</summary>
    /// <exception cref="InvalidOperationException">Another outbox holds the directory.</exception>
    public static Outbox Open(OutboxOptions options, ILogger<Outbox> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));

        var directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);
        var directoryLock = DirectoryLock.Acquire(directory);
        var queues = new OutboxQueue[Enum.GetValues<OutboxPriority>().Length];
        try
        {
            foreach (var p in Enum.GetValues<OutboxPriority>())
                queues[(int)p] = OutboxQueue.Open(Path.Combine(directory, OutboxMetrics.Name(p)), p, options.SegmentBytes, logger);
            var sequence = SequenceStore.Open(Path.Combine(directory, "sequence"), options.SequenceLease, queues.Max(q => q.HighestSequenceSeen) + 1);
            var outbox = new Outbox(options, logger, timeProvider, directoryLock, queues, sequence);
            outbox.Recovery = new OutboxRecoveryReport(
                queues.Sum(q => q.Count), queues.Sum(q => q.Bytes), queues.Sum(q => q.TornRecords), queues.Sum(q => q.CorruptRecords),
                queues.Sum(q => q.DiscardedBytes), sequence.Next);
            OutboxMetrics.Track(outbox);
            if (outbox.Recovery.TornRecords > 0)
                OutboxMetrics.Discarded.Add(outbox.Recovery.TornRecords, new KeyValuePair<string, object?>("reason", "torn_record"));
            if (outbox.Recovery.CorruptRecords > 0)
                OutboxMetrics.Discarded.Add(outbox.Recovery.CorruptRecords, new KeyValuePair<string, object?>("reason", "corrupt"));
            Interlocked.Add(ref outbox._discarded, outbox.Recovery.CorruptRecords);
            OutboxLog.Opened(logger, directory, outbox.Recovery.Records, outbox.Recovery.Bytes, outbox.Recovery.TornRecords, outbox.Recovery.CorruptRecords,
                sequence.Next, sequence.Epoch);
            return outbox;
        }
        catch
        {
            foreach (var q in queues) q?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Queues a message. <paramref name="payload"/> is called once, under the outbox's lock, with the message's sequence number
    /// (put it in the payload). Returns that number. When the outbox is full, older lower-priority messages are dropped to make
    /// room; when everything queued outranks this message, this one is dropped (counted) and its number is left as a gap.
    /// When the file system is low on space (<see cref="FreeSpacePolicy"/>) or a write fails (a full disk), the message is
    /// not stored, counted and logged, and <see cref="Degradation"/> says why: an I/O error never reaches the caller.
    /// Returns 0 when not even a sequence number could be reserved.
    /// </summary>
    public long Enqueue(string topic, OutboxPriority priority, Func<long, byte[]> payload, bool retain = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        if (!Enum.IsDefined(priority)) throw new ArgumentOutOfRangeException(nameof(priority), priority, "not a priority");

        TaskCompletionSource signal;
        long sequence;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            try
            {
                sequence = _sequence.Take();
            }
            catch (IOException e)
            {
                _space.NotStored(priority, 0, "sequence_unavailable", "the sequence file cannot be written: " + e.Message);
                return 0;
            }

            var record = RecordCodec.Encode(sequence, _time.GetUtcNow(), topic, retain, payload(sequence));
            if (record.Length > Math.Min(_options.MaxBytes, OutboxOptions.MaxRecordBytes))
                throw new ArgumentException($"message {sequence} on {topic} is {record.Length} bytes; the outbox holds at most {Math.Min(_options.MaxBytes, OutboxOptions.MaxRecordBytes)}", nameof(payload));

            if (!_drops.MakeRoom(_queues, record.Length, priority, RemoveHead))
            {
                _drops.Drop(priority, sequence);
                return sequence;
            }

            if (!_space.MakeRoom(_queues, record.Length, priority, RemoveHead))
            {
                _space.NotStored(priority, sequence, "disk_low");
                return sequence;
            }

            var queue = _queues[(int)priority];
            try
            {
                queue.Append(sequence, record);
            }
            catch (IOException e)
            {
                _space.NotStored(priority, sequence, "write_failed", $"writing to {_options.Directory} failed: {e.Message}");
                return sequence;
            }

            try
            {
                if (priority >= _options.FsyncImmediatelyFrom || _flushTimer is null) SegmentSync.Now(queue);
            }
            catch (IOException e)
            {
                OutboxLog.FsyncFailed(_logger, e); // the record reached the OS; only a power loss could take it now
            }

            OutboxMetrics.Buffered.Add(1, OutboxMetrics.Tag(priority));
            _space.Stored(record.Length);
            signal = _available;
        }

        signal.TrySetResult();
        return sequence;
    }

    /// <summary>Up to <paramref name="max"/> queued records, oldest sequence number first across priorities, left in the queue.</summary>
    public IReadOnlyList<OutboxRecord> Peek(int max) => PeekAfter(0, max);

    /// <summary>
    /// Like <see cref="Peek"/>, but only records numbered above <paramref name="sequence"/> (those not yet sent). The records
    /// returned count as handed to the broker; <paramref name="sequence"/> 0 means the sender starts over from the oldest.
    /// </summary>
    public IReadOnlyList<OutboxRecord> PeekAfter(long sequence, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var result = new List<OutboxRecord>(Math.Min(max, 256));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (sequence == 0) _ledger.StartOver();
            Span<int> taken = stackalloc int[_queues.Length];
            for (var q = 0; q < _queues.Length; q++) taken[q] = _queues[q].IndexAfter(sequence);
            while (result.Count < max)
            {
                var next = -1;
                for (var q = 0; q < _queues.Length; q++)
                {
                    if (_queues[q].SequenceAt(taken[q]) is { } s && (next < 0 || s < _queues[next].SequenceAt(taken[next])!.Value)) next = q;
                }

                if (next < 0) break;
                try
                {
                    result.Add(_queues[next].ReadAt(taken[next]));
                    taken[next]++;
                }
                catch (InvalidDataException) when (taken[next] == 0)
                {
                    DiscardHead(_queues[next], "corrupt", "record failed its CRC check on read");
                }
                catch (IOException e) when (taken[next] == 0)
                {
                    // A persistent read error (a bad block) must not stop delivery for good: a few attempts, then the record goes.
                    var key = ((OutboxPriority)next, _queues[next].HeadSequence);
                    var attempt = _readFailures.GetValueOrDefault(key) + 1;
                    OutboxLog.ReadFailed(_logger, key.Item1, key.HeadSequence, attempt, ReadAttempts, e);
                    if (attempt < ReadAttempts)
                    {
                        _readFailures[key] = attempt;
                        break;
                    }

                    _readFailures.Remove(key);
                    DiscardHead(_queues[next], "read_error", e.Message);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    break;
                }
            }

            if (result.Count > 0) _ledger.HandedOut(result[^1].Sequence);
        }

        return result;
    }

    /// <summary>
    /// Removes records the broker acknowledged (in the order given); one still queued behind an unacknowledged one stays (it is
    /// sent again). One dropped while in flight counts as delivered after all.
    /// </summary>
    public void Complete(IReadOnlyList<OutboxRecord> delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (delivered.Count == 0) return;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_closed) return;
            foreach (var r in delivered)
            {
                var queue = _queues[(int)r.Priority];
                if (queue.Count > 0 && queue.HeadSequence == r.Sequence) RemoveHead(queue);
                else if (!_ledger.Delivered(r)) continue;
                Tally.Delivered(r.Priority);
                OutboxMetrics.Delivered.Add(1, OutboxMetrics.Tag(r.Priority));
                OutboxMetrics.DeliveryLatency.Record((now - r.EnqueuedAt).TotalSeconds, OutboxMetrics.Tag(r.Priority));
            }

            foreach (var q in _queues) q.SaveCheckpoint();
        }
    }

    /// <summary>Removes a record that can never be delivered (the broker refused it), counted with <paramref name="reason"/>.</summary>
    public void Discard(OutboxRecord record, string reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            if (_closed) return;
            var queue = _queues[(int)record.Priority];
            if (queue.Count == 0 || queue.HeadSequence != record.Sequence) return;
            RemoveHead(queue);
            queue.SaveCheckpoint();
        }

        Interlocked.Increment(ref _discarded);
        Tally.Lost(record.Priority, reason);
        OutboxMetrics.Discarded.Add(1, new KeyValuePair<string, object?>("reason", reason));
        OutboxLog.Discarded(_logger, record.Priority, record.Sequence, record.Topic, reason);
    }

    /// <summary>Completes when at least one record is queued.</summary>
    public Task WaitForMessagesAsync(CancellationToken cancellationToken) => WaitForMessagesAfterAsync(0, cancellationToken);

    /// <summary>Completes when a record numbered above <paramref name="sequence"/> is queued.</summary>
    public Task WaitForMessagesAfterAsync(long sequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_queues.Any(q => q.TailSequence > sequence)) return Task.CompletedTask;
            if (_available.Task.IsCompleted) _available = NewSignal();
            return _available.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Forces every written record to disk now.</summary>
    public void FlushToDisk()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            foreach (var q in _queues) SegmentSync.Now(q);
        }
    }

    /// <summary>Forces records to disk, saves the head checkpoints and the exact next sequence number, and releases the directory.</summary>
    public void Dispose()
    {
        _flushTimer?.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            foreach (var q in _queues)
            {
                SegmentSync.Now(q);
                q.SaveCheckpoint();
            }

            _sequence.Close();
            Release();
        }
    }

    /// <summary>
    /// Closes every file without any of <see cref="Dispose"/>'s writes, as the kernel does when the process is killed
    /// (all records were already handed to the OS). For crash-recovery tests in one process.
    /// </summary>
    internal void Abandon()
    {
        _flushTimer?.Dispose();
        lock (_gate)
        {
            if (_closed) return;
            _sequence.Dispose();
            Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Release()
    {
        _closed = true;
        OutboxMetrics.Untrack(this);
        foreach (var q in _queues) q.Dispose();
        _lock.Dispose();
        _available.TrySetException(new ObjectDisposedException(nameof(Outbox)));
    }

    private void RemoveHead(OutboxQueue queue) => queue.RemoveHead();

    private void DiscardHead(OutboxQueue queue, string reason, string detail)
    {
        var sequence = queue.HeadSequence;
        RemoveHead(queue);
        queue.SaveCheckpoint();
        OutboxLog.Discarded(_logger, queue.Priority, sequence, "?", detail);
        OutboxMetrics.Discarded.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _discarded);
    }

    private void FlushDirty()
    {
        var dirty = new List<SegmentFile>();
        lock (_gate)
        {
            if (_closed) return;
            foreach (var q in _queues) q.TakeDirty(dirty);
        }

        SegmentSync.InBackground(dirty, _logger);
    }
}
