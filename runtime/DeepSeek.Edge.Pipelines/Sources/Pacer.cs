namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// Spaces frames at a fixed rate on a wall-clock schedule (the next frame is due one period after the previous one was
/// due, so pacing does not drift). A reader that falls more than two periods behind restarts the schedule instead of
/// bursting to catch up. Waits are real waits, interrupted by cancellation.
/// </summary>
internal sealed class Pacer
{
    private readonly TimeProvider _time;
    private readonly long _period;
    private long _next;

    public Pacer(TimeProvider time, double fps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        _time = time;
        _period = Math.Max(1, (long)(time.TimestampFrequency / fps));
    }

    public void Wait(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_next == 0 || now - _next > 2 * _period) _next = now;
        if (_next > now)
        {
            var wait = _time.GetElapsedTime(now, _next);
            if (cancellationToken.WaitHandle.WaitOne(wait)) cancellationToken.ThrowIfCancellationRequested();
        }

        _next += _period;
    }
}
