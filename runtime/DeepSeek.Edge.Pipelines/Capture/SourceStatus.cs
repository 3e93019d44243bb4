using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>A camera's source state: every change is logged, counted on the meter and raised as an event.</summary>
internal sealed class SourceStatus
{
    private readonly object _gate = new();
    private readonly CameraTags _tags;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private SourceState _state = SourceState.Starting;
    private DateTimeOffset _since;
    private string? _detail;
    private long _reconnects;
    private long _stalls;

    public SourceStatus(string source, CameraTags tags, ILogger logger, TimeProvider time)
    {
        Source = source;
        _tags = tags;
        _logger = logger;
        _time = time;
        _since = time.GetUtcNow();
    }

    public event Action<SourceHealth>? Changed;

    public string Camera => _tags.Name;
    public string Source { get; }

    public SourceState State
    {
        get
        {
            lock (_gate) return _state;
        }
    }

    public SourceHealth Snapshot()
    {
        lock (_gate) return new SourceHealth(Camera, Source, _state, _since, _detail, _reconnects, _stalls);
    }

    /// <summary>
    /// Enters <paramref name="state"/>; entering the current state again only updates the detail. Failed, ended and
    /// stopped are final: the state and its detail stay as they were.
    /// </summary>
    public void Set(SourceState state, string? detail = null)
    {
        SourceState from;
        SourceHealth health;
        lock (_gate)
        {
            from = _state;
            if (from is SourceState.Failed or SourceState.Ended or SourceState.Stopped) return;
            _detail = detail;
            if (from == state) return;
            _state = state;
            _since = _time.GetUtcNow();
            health = new SourceHealth(Camera, Source, _state, _since, _detail, _reconnects, _stalls);
        }

        PipelineMetrics.StateChanges.Add(1, _tags.State(state).AsSpan());
        var level = state switch
        {
            SourceState.Failed => LogLevel.Error,
            SourceState.Stalled or SourceState.Reconnecting => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        PipelineLog.SourceStateChanged(_logger, level, Camera, SourceStates.Name(from), SourceStates.Name(state), detail is null ? "" : $": {detail}");
        try
        {
            Changed?.Invoke(health);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PipelineLog.HealthHandlerFailed(_logger, ex, Camera);
        }
    }

    public void CountReconnect()
    {
        lock (_gate) _reconnects++;
        PipelineMetrics.Reconnects.Add(1, _tags.Camera.AsSpan());
    }

    public void CountStall()
    {
        lock (_gate) _stalls++;
        PipelineMetrics.Stalls.Add(1, _tags.Camera.AsSpan());
    }
}
