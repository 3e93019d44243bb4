using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// GPIO signals (outputs driven by detections) and triggers (inputs that start a capture),
/// bound from the configuration section <see cref="SectionName"/>. Pins are line offsets on <see cref="Chip"/>.
/// </summary>
public sealed class GpioOptions : ISelfValidatingOptions
{
    public const string SectionName = "Gpio";

    /// <summary>The highest line offset accepted; Jetson chips have fewer than 256 lines.</summary>
    public const int MaxPin = 1023;

    /// <summary>Off by default: a board without a GPIO chip must not need any configuration.</summary>
    public bool Enabled { get; set; }

    /// <summary>The chip number N of /dev/gpiochipN.</summary>
    public int Chip { get; set; }

    public IList<GpioOutputOptions> Outputs { get; } = new List<GpioOutputOptions>();

    public IList<GpioInputOptions> Inputs { get; } = new List<GpioInputOptions>();

    /// <summary>Every problem of the configuration, each naming its key and the fix; empty when valid or disabled.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled) return errors;

        if (Chip < 0) errors.Add($"{SectionName}:Chip is {Chip}: use the number N of /dev/gpiochipN (0 or more).");

        var pins = new Dictionary<int, string>();
        for (var i = 0; i < Outputs.Count; i++)
        {
            var key = $"{SectionName}:Outputs:{i}";
            Outputs[i].Validate(key, errors);
            ClaimPin(pins, Outputs[i].Pin, key, errors);
        }

        for (var i = 0; i < Inputs.Count; i++)
        {
            var key = $"{SectionName}:Inputs:{i}";
            Inputs[i].Validate(key, errors);
            ClaimPin(pins, Inputs[i].Pin, key, errors);
        }

        if (Outputs.Count == 0 && Inputs.Count == 0)
        {
            errors.Add($"{SectionName} is enabled but has no Outputs and no Inputs: add one, or set {SectionName}:Enabled to false.");
        }

        return errors;
    }

    internal static void ValidatePin(int pin, string key, List<string> errors)
    {
        if (pin is < 0 or > MaxPin)
        {
            errors.Add($"{key}:Pin is {pin}: set the line offset on the chip (0..{MaxPin}; `gpioinfo` lists them).");
        }
    }

    private static void ClaimPin(Dictionary<int, string> pins, int pin, string key, List<string> errors)
    {
        if (pin is < 0 or > MaxPin) return;
        if (pins.TryGetValue(pin, out var owner))
        {
            errors.Add($"{key}:Pin is {pin}, which {owner}:Pin already uses: give each output and input its own pin.");
        }
        else
        {
            pins[pin] = key;
        }
    }
}
