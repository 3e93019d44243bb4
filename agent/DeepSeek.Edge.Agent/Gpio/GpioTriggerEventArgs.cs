namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>A debounced edge on an input pin: capture and infer one frame of <see cref="Camera"/>.</summary>
public sealed class GpioTriggerEventArgs(string camera, int pin, DateTimeOffset timestamp, bool capture = false) : EventArgs
{
    /// <summary>The input asks for the frame to be sent back as a capture too (<see cref="GpioInputOptions.Capture"/>).</summary>
    public bool Capture { get; } = capture;

    public string Camera { get; } = camera;

    public int Pin { get; } = pin;

    /// <summary>When the edge was seen, by the injected clock.</summary>
    public DateTimeOffset Timestamp { get; } = timestamp;
}
