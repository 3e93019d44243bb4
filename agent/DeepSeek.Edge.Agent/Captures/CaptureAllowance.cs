using DeepSeek.Edge.Agent.Configuration;

namespace DeepSeek.Edge.Agent.Captures;

/// <summary>
/// One camera's rolling limits on band captures: the minimum interval, the hourly and daily caps and the daily byte budget,
/// on the monotonic clock. Used from the camera's output stage only (one thread).
/// </summary>
internal sealed class CaptureAllowance(CaptureOptions options, TimeProvider time)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly Queue<(long At, long Bytes)> _lastDay = new();
    private long _bytesInDay;
    private long? _last;

    /// <summary>False while the minimum interval since the last capture has not passed (not a drop: the frame is just not chosen).</summary>
    public bool IntervalPassed() => _last is not { } last || time.GetElapsedTime(last).TotalMilliseconds >= options.MinIntervalMs;

    /// <summary>Null when a capture of <paramref name="bytes"/> is allowed now, else the cap it would break (<c>hour_cap</c>, <c>day_cap</c>, <c>byte_budget</c>).</summary>
    public string? Refusal(long bytes)
    {
        Expire();
        var now = time.GetTimestamp();
        var inHour = _lastDay.Count(c => time.GetElapsedTime(c.At, now) < Hour);
        if (inHour >= options.MaxPerHour) return "hour_cap";
        if (_lastDay.Count >= options.MaxPerDay) return "day_cap";
        return _bytesInDay + bytes > options.MaxBytesPerDay ? "byte_budget" : null;
    }

    /// <summary>Starts the interval again; a refused candidate calls this too, so a camera at its cap encodes one frame per interval, not every frame.</summary>
    public void Considered() => _last = time.GetTimestamp();

    public void Taken(long bytes)
    {
        _lastDay.Enqueue((time.GetTimestamp(), bytes));
        _bytesInDay += bytes;
    }

    private void Expire()
    {
        while (_lastDay.TryPeek(out var oldest) && time.GetElapsedTime(oldest.At) >= Day)
        {
            _lastDay.Dequeue();
            _bytesInDay -= oldest.Bytes;
        }
    }
}
