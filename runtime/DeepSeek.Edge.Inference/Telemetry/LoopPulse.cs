namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>
/// A long-running loop's sign of life, read by the agent's watchdog: the loop beats at every step it makes (a frame, a
/// connect attempt, a wake-up from a bounded wait); it is stalled when no beat has come for longer than
/// <see cref="StallAfter"/>. A loop that has ended (stopped, a file that played to its end, a source that failed for good)
/// is not stalled: it is not running. Only the monotonic clock is read, so a wall-clock step changes nothing.
/// </summary>
public sealed class LoopPulse
{
    private readonly TimeProvider _time;
    private long _lastBeat;
    private int _ended;

    public LoopPulse(string name, TimeSpan stallAfter, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallAfter, TimeSpan.Zero);
        Name = name;
        StallAfter = stallAfter;
        _time = time;
        _lastBeat = time.GetTimestamp();
    }

    /// <summary>The loop in logs and metrics, e.g. <c>outbox_forwarder</c> or <c>camera door capture</c>.</summary>
    public string Name { get; }

    /// <summary>The longest a step of this loop may take (its bounded waits included) before the loop counts as stuck.</summary>
    public TimeSpan StallAfter { get; }

    public void Beat() => Volatile.Write(ref _lastBeat, _time.GetTimestamp());

    /// <summary>The loop has exited; it is no longer watched.</summary>
    public void End() => Volatile.Write(ref _ended, 1);

    public bool Ended => Volatile.Read(ref _ended) == 1;

    /// <summary>How long the loop has gone without a beat when that is longer than <see cref="StallAfter"/>; null while it is alive or after it ended.</summary>
    public TimeSpan? Stalled()
    {
        if (Ended) return null;
        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastBeat));
        return silent > StallAfter ? silent : null;
    }
}
