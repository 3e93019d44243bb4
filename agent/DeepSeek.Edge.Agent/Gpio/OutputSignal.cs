using System.Device.Gpio;
using DeepSeek.Edge.Models.Results;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>One output rule and its pin: active on a matching detection, idle once the hold time has passed without one.</summary>
internal sealed class OutputSignal : IDisposable
{
    private readonly GpioController _controller;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _hold;
    private readonly PinValue _activeValue;
    private readonly PinValue _idleValue;
    private readonly ITimer _expiry;
    private readonly Lock _gate = new();
    private long _lastSeen;
    private bool _active;
    private bool _disposed;

    public OutputSignal(GpioController controller, GpioOutputOptions rule, TimeProvider time, ILogger logger)
    {
        _controller = controller;
        _time = time;
        _logger = logger;
        Rule = rule;
        _hold = TimeSpan.FromMilliseconds(rule.HoldMs);
        _activeValue = rule.ActiveLow ? PinValue.Low : PinValue.High;
        _idleValue = rule.ActiveLow ? PinValue.High : PinValue.Low;

        controller.OpenPin(rule.Pin, PinMode.Output, _idleValue);
        _expiry = time.CreateTimer(static s => ((OutputSignal)s!).OnExpiry(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        GpioLog.OutputOpened(logger, rule.Pin, rule.Label, string.IsNullOrEmpty(rule.Camera) ? "any" : rule.Camera, rule.MinScore, rule.HoldMs, rule.ActiveLow ? "low" : "high");
    }

    public GpioOutputOptions Rule { get; }

    public bool IsActive
    {
        get
        {
            lock (_gate) return _active;
        }
    }

    public bool Matches(string camera, IReadOnlyList<Detection> detections)
    {
        if (!string.IsNullOrEmpty(Rule.Camera) && !string.Equals(Rule.Camera, camera, StringComparison.Ordinal)) return false;
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (d.Score >= Rule.MinScore && string.Equals(d.Label, Rule.Label, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    /// <summary>A matching detection now: go (or stay) active and restart the hold time.</summary>
    public void Seen()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _lastSeen = _time.GetTimestamp();
            SetActive(true);
            _expiry.Change(_hold, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnExpiry()
    {
        lock (_gate)
        {
            if (_disposed || !_active) return;
            var remaining = _hold - _time.GetElapsedTime(_lastSeen);
            if (remaining > TimeSpan.Zero)
            {
                // A detection arrived while this callback was queued: wait out the rest of its hold time.
                _expiry.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            SetActive(false);
        }
    }

    private void SetActive(bool active)
    {
        if (_active == active) return;
        _controller.Write(Rule.Pin, active ? _activeValue : _idleValue);
        _active = active;
        var state = active ? "active" : "idle";
        GpioMetrics.OutputChanges.Add(1, new KeyValuePair<string, object?>("pin", Rule.Pin), new KeyValuePair<string, object?>("state", state));
        GpioLog.OutputChanged(_logger, Rule.Pin, state, Rule.Label);
    }

    /// <summary>Stops the hold timer, leaves the pin idle and closes it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _expiry.Dispose();
            try
            {
                SetActive(false);
                _controller.ClosePin(Rule.Pin);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException)
            {
                GpioLog.ReleaseFailed(_logger, ex, Rule.Pin);
            }
        }
    }
}
