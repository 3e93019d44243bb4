using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>
/// Counts every dropped frame on the meter and logs drops without flooding: the first drop at once, then one line per
/// reason at most every few seconds with how many were dropped, and whatever is left when the camera stops.
/// </summary>
internal sealed class DropReporter
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly CameraTags _tags;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long[] _pending = new long[DropReasons.All.Length];
    private long _windowStart;

    public DropReporter(CameraTags tags, ILogger logger, TimeProvider time)
    {
        _tags = tags;
        _logger = logger;
        _time = time;
    }

    public void Report(string reason)
    {
        PipelineMetrics.FramesDropped.Add(1, _tags.Dropped(reason).AsSpan());
        var index = Math.Max(0, DropReasons.IndexOf(reason));
        lock (_gate)
        {
            _pending[index]++;
            var now = _time.GetTimestamp();
            if (_windowStart == 0 || _time.GetElapsedTime(_windowStart, now) >= Interval) FlushLocked(now);
        }
    }

    public void Flush()
    {
        lock (_gate) FlushLocked(_time.GetTimestamp());
    }

    private void FlushLocked(long now)
    {
        var seconds = _windowStart == 0 ? 0 : _time.GetElapsedTime(_windowStart, now).TotalSeconds;
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i] == 0) continue;
            PipelineLog.FramesDropped(_logger, _tags.Name, _pending[i], DropReasons.All[i], seconds);
            _pending[i] = 0;
        }

        _windowStart = now;
    }
}
