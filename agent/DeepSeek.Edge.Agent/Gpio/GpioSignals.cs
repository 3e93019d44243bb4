using System.Device.Gpio;
using DeepSeek.Edge.Models.Results;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// Drives the output pins of <see cref="GpioOptions.Outputs"/> from detections: a pin goes active on a
/// matching detection and back to idle <see cref="GpioOutputOptions.HoldMs"/> after the last one (timed by the
/// injected <see cref="TimeProvider"/>). Pins are opened once, here, and left idle and closed on dispose.
/// Thread-safe: pipelines of several cameras may call <see cref="OnDetections"/> at once.
/// </summary>
public sealed class GpioSignals : IDisposable
{
    private readonly OutputSignal[] _outputs;

    public GpioSignals(GpioController controller, GpioOptions options, TimeProvider timeProvider, ILogger<GpioSignals> logger)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        var outputs = new List<OutputSignal>(options.Outputs.Count);
        try
        {
            foreach (var rule in options.Outputs) outputs.Add(new OutputSignal(controller, rule, timeProvider, logger));
        }
        catch
        {
            foreach (var opened in outputs) opened.Dispose();
            throw;
        }

        _outputs = [.. outputs];
    }

    /// <summary>The results of one processed frame of <paramref name="camera"/>.</summary>
    public void OnDetections(string camera, IReadOnlyList<Detection> detections)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(detections);
        foreach (var output in _outputs)
        {
            if (output.Matches(camera, detections)) output.Seen();
        }
    }

    /// <summary>Whether the rule on <paramref name="pin"/> is active now (false for a pin no rule drives).</summary>
    public bool IsActive(int pin)
    {
        foreach (var output in _outputs)
        {
            if (output.Rule.Pin == pin) return output.IsActive;
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var output in _outputs) output.Dispose();
    }
}
