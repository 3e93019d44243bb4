using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>
/// Watches a live source's reads with a timer from the injected clock: a read that has waited longer than the stall
/// timeout marks the source stalled (once per read) and aborts it, so that the capture loop reopens the source.
/// </summary>
internal sealed class StallWatchdog : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly SourceStatus _status;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action _abort;
    private ITimer? _timer;
    private long _readStarted;
    private long _reportedFor;

    public StallWatchdog(TimeSpan timeout, SourceStatus status, ILogger logger, TimeProvider time, Action abort)
    {
        _timeout = timeout;
        _status = status;
        _logger = logger;
        _time = time;
        _abort = abort;
    }

    public void Start()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(20).Ticks, _timeout.Ticks / 4));
        _timer = _time.CreateTimer(static s => ((StallWatchdog)s!).Check(), this, period, period);
    }

    public void ReadStarted(long timestamp) => Volatile.Write(ref _readStarted, timestamp);

    public void ReadEnded() => Volatile.Write(ref _readStarted, 0);

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        var started = Volatile.Read(ref _readStarted);
        if (started == 0) return;
        var waited = _time.GetElapsedTime(started);
        if (waited < _timeout || Interlocked.Exchange(ref _reportedFor, started) == started) return;
        _status.CountStall();
        PipelineLog.SourceStalled(_logger, _status.Camera, waited.TotalSeconds);
        _status.Set(SourceState.Stalled, $"no frame for {waited.TotalSeconds:0.0} s");
        _abort();
    }
}
