using System.Device.Gpio;

namespace DeepSeek.Edge.Agent.Tests.Gpio;

/// <summary>
/// A GPIO chip in memory: records what the code under test writes, and simulates edges on input pins by
/// calling the registered callbacks, as the libgpiod driver's event thread would.
/// </summary>
internal sealed class InMemoryGpioDriver : GpioDriver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly Dictionary<int, int> _opens = [];
    private readonly List<(int Pin, PinEventTypes Events, PinChangeEventHandler Callback)> _callbacks = [];
    private readonly List<(int Pin, PinValue Value)> _writes = [];

    protected override int PinCount => 64;

    /// <summary>Every Write, in order.</summary>
    public IReadOnlyList<(int Pin, PinValue Value)> Writes
    {
        get
        {
            lock (_gate) return [.. _writes];
        }
    }

    public bool IsOpen(int pin)
    {
        lock (_gate) return _modes.ContainsKey(pin);
    }

    public int OpenCount(int pin)
    {
        lock (_gate) return _opens.GetValueOrDefault(pin);
    }

    public PinMode ModeOf(int pin)
    {
        lock (_gate) return _modes[pin];
    }

    /// <summary>The level on the pin now: the last written or simulated value.</summary>
    public PinValue ValueOf(int pin)
    {
        lock (_gate) return _values.GetValueOrDefault(pin, PinValue.Low);
    }

    public int CallbackCount(int pin)
    {
        lock (_gate) return _callbacks.Count(c => c.Pin == pin);
    }

    /// <summary>Drives an input pin to <paramref name="edge"/>'s new level and calls the callbacks registered for that edge.</summary>
    public void SimulateEdge(int pin, PinEventTypes edge)
    {
        if (edge is not (PinEventTypes.Rising or PinEventTypes.Falling)) throw new ArgumentOutOfRangeException(nameof(edge), "one edge: Rising or Falling");
        PinChangeEventHandler[] targets;
        lock (_gate)
        {
            _values[pin] = edge == PinEventTypes.Rising ? PinValue.High : PinValue.Low;
            targets = [.. _callbacks.Where(c => c.Pin == pin && (c.Events & edge) != 0).Select(c => c.Callback)];
        }

        foreach (var callback in targets) callback(this, new PinValueChangedEventArgs(edge, pin));
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            _modes.TryAdd(pinNumber, PinMode.Input);
            _opens[pinNumber] = _opens.GetValueOrDefault(pinNumber) + 1;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _modes.Remove(pinNumber);
            _callbacks.RemoveAll(c => c.Pin == pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate) _modes[pinNumber] = mode;
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_gate)
        {
            _modes[pinNumber] = mode;
            _values[pinNumber] = initialValue;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate) return _modes[pinNumber];
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => ValueOf(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            _values[pinNumber] = value;
            _writes.Add((pinNumber, value));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the in-memory driver raises edges through callbacks only");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate) _callbacks.Add((pinNumber, eventTypes, callback));
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate) _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
    }
}
