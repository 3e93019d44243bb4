namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// One output rule: <see cref="Pin"/> is active while <see cref="Label"/> is detected at or above
/// <see cref="MinScore"/> (on <see cref="Camera"/>, or on any camera when it is not set), and for
/// <see cref="HoldMs"/> after the last such detection.
/// </summary>
public sealed class GpioOutputOptions
{
    public const float DefaultMinScore = 0.5f;
    public const int DefaultHoldMs = 1000;

    /// <summary>Line offset on the chip; -1 (the default) means "not set" and fails validation.</summary>
    public int Pin { get; set; } = -1;

    public string Label { get; set; } = "";

    /// <summary>The camera whose detections count; null or empty: every camera.</summary>
    public string? Camera { get; set; }

    public float MinScore { get; set; } = DefaultMinScore;

    public int HoldMs { get; set; } = DefaultHoldMs;

    /// <summary>Drive the pin low when active and high when idle (for active-low relays and LEDs to 3.3 V).</summary>
    public bool ActiveLow { get; set; }

    internal void Validate(string key, List<string> errors)
    {
        GpioOptions.ValidatePin(Pin, key, errors);
        if (string.IsNullOrWhiteSpace(Label))
        {
            errors.Add($"{key}:Label is empty: set the detection label that drives pin {Pin} (as in the model's labels).");
        }

        if (float.IsNaN(MinScore) || MinScore is < 0f or > 1f)
        {
            errors.Add($"{key}:MinScore is {MinScore}: use a score between 0 and 1.");
        }

        if (HoldMs < 0)
        {
            errors.Add($"{key}:HoldMs is {HoldMs}: use 0 or more milliseconds.");
        }
    }
}
