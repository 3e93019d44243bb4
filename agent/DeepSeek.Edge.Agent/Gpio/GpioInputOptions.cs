using System.Device.Gpio;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// One input trigger: an <see cref="Edge"/> on <see cref="Pin"/>, debounced by <see cref="DebounceMs"/>,
/// asks for one frame of <see cref="Camera"/> to be captured and inferred.
/// </summary>
public sealed class GpioInputOptions
{
    public const string DefaultEdge = "Falling";
    public const string DefaultPull = "Up";
    public const int DefaultDebounceMs = 50;

    /// <summary>Line offset on the chip; -1 (the default) means "not set" and fails validation.</summary>
    public int Pin { get; set; } = -1;

    public string Camera { get; set; } = "";

    /// <summary>Rising, Falling or Both. The default suits a button to ground with <see cref="Pull"/> Up.</summary>
    public string Edge { get; set; } = DefaultEdge;

    /// <summary>Edges closer than this to the previous edge are contact bounce and are ignored.</summary>
    public int DebounceMs { get; set; } = DefaultDebounceMs;

    /// <summary>None, Up or Down: the internal bias resistor.</summary>
    public string Pull { get; set; } = DefaultPull;

    /// <summary>
    /// The frame an edge makes the camera infer is also sent back as a capture (reason <c>gpio</c>, for the trainer), whatever
    /// the camera's <c>Capture</c> options say, as the <c>capture</c> command's are.
    /// </summary>
    public bool Capture { get; set; }

    internal bool TryGetEdge(out PinEventTypes edge)
    {
        edge = Edge?.Trim().ToUpperInvariant() switch
        {
            "RISING" => PinEventTypes.Rising,
            "FALLING" => PinEventTypes.Falling,
            "BOTH" => PinEventTypes.Rising | PinEventTypes.Falling,
            _ => PinEventTypes.None,
        };
        return edge != PinEventTypes.None;
    }

    internal bool TryGetMode(out PinMode mode)
    {
        (var ok, mode) = Pull?.Trim().ToUpperInvariant() switch
        {
            "NONE" => (true, PinMode.Input),
            "UP" => (true, PinMode.InputPullUp),
            "DOWN" => (true, PinMode.InputPullDown),
            _ => (false, PinMode.Input),
        };
        return ok;
    }

    internal void Validate(string key, List<string> errors)
    {
        GpioOptions.ValidatePin(Pin, key, errors);
        if (string.IsNullOrWhiteSpace(Camera))
        {
            errors.Add($"{key}:Camera is empty: set the camera that pin {Pin} triggers.");
        }

        if (!TryGetEdge(out _))
        {
            errors.Add($"{key}:Edge is '{Edge}': use Rising, Falling or Both.");
        }

        if (!TryGetMode(out _))
        {
            errors.Add($"{key}:Pull is '{Pull}': use None, Up or Down.");
        }

        if (DebounceMs < 0)
        {
            errors.Add($"{key}:DebounceMs is {DebounceMs}: use 0 or more milliseconds.");
        }
    }
}
