using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// One input pin: a driver callback per edge, debounced: an edge counts when no other edge came within the
/// debounce time before it, so the first edge of a bouncy press triggers at once and its bounces do not.
/// </summary>
internal sealed class InputTrigger : IDisposable
{
    private readonly GpioController _controller;
    private readonly GpioInputOptions _input;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<GpioTriggerEventArgs> _raise;
    private readonly TimeSpan _debounce;
    private readonly PinChangeEventHandler _callback;
    private readonly Lock _gate = new();
    private long? _lastEdge;
    private bool _disposed;

    public InputTrigger(GpioController controller, GpioInputOptions input, TimeProvider time, ILogger logger, Action<GpioTriggerEventArgs> raise)
    {
        if (!input.TryGetEdge(out var edge)) throw new ArgumentException($"unknown edge '{input.Edge}' for pin {input.Pin}", nameof(input));
        if (!input.TryGetMode(out var mode)) throw new ArgumentException($"unknown pull '{input.Pull}' for pin {input.Pin}", nameof(input));

        _controller = controller;
        _input = input;
        _time = time;
        _logger = logger;
        _raise = raise;
        _debounce = TimeSpan.FromMilliseconds(input.DebounceMs);
        _callback = OnEdge;

        controller.OpenPin(input.Pin, mode);
        try
        {
            controller.RegisterCallbackForPinValueChangedEvent(input.Pin, edge, _callback);
        }
        catch
        {
            controller.ClosePin(input.Pin);
            throw;
        }

        GpioLog.InputOpened(logger, input.Pin, input.Camera, edge.ToString(), input.Pull, input.DebounceMs);
    }

    private void OnEdge(object sender, PinValueChangedEventArgs args)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var now = _time.GetTimestamp();
            var bounced = _lastEdge is { } last && _time.GetElapsedTime(last, now) < _debounce;
            _lastEdge = now;
            if (bounced)
            {
                GpioMetrics.Bounces.Add(1, new KeyValuePair<string, object?>("pin", _input.Pin));
                GpioLog.InputBounced(_logger, _input.Pin, args.ChangeType.ToString());
                return;
            }
        }

        GpioMetrics.Triggers.Add(1, new KeyValuePair<string, object?>("pin", _input.Pin), new KeyValuePair<string, object?>("camera", _input.Camera));
        GpioLog.InputTriggered(_logger, _input.Pin, args.ChangeType.ToString(), _input.Camera);
        try
        {
            _raise(new GpioTriggerEventArgs(_input.Camera, _input.Pin, _time.GetUtcNow(), _input.Capture));
        }
        catch (Exception ex)
        {
            // The driver's event thread must survive a failing handler: later edges still trigger.
            GpioLog.TriggerHandlerFailed(_logger, ex, _input.Pin, _input.Camera);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        try
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_input.Pin, _callback);
            _controller.ClosePin(_input.Pin);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            GpioLog.ReleaseFailed(_logger, ex, _input.Pin);
        }
    }
}
