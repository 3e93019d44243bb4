using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// Watches the input pins of <see cref="GpioOptions.Inputs"/> through the driver's edge callbacks and raises
/// <see cref="Triggered"/> once per debounced edge. Handlers run on the driver's event thread: hand the work
/// off (e.g. to a channel) rather than capture there. A handler that throws is logged; later edges still trigger.
/// </summary>
public sealed class GpioTriggers : IDisposable
{
    private readonly InputTrigger[] _inputs;

    public GpioTriggers(GpioController controller, GpioOptions options, TimeProvider timeProvider, ILogger<GpioTriggers> logger)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        var inputs = new List<InputTrigger>(options.Inputs.Count);
        try
        {
            foreach (var input in options.Inputs) inputs.Add(new InputTrigger(controller, input, timeProvider, logger, Raise));
        }
        catch
        {
            foreach (var opened in inputs) opened.Dispose();
            throw;
        }

        _inputs = [.. inputs];
    }

    /// <summary>A debounced edge asks for one frame of <see cref="GpioTriggerEventArgs.Camera"/>.</summary>
    public event EventHandler<GpioTriggerEventArgs>? Triggered;

    private void Raise(GpioTriggerEventArgs args) => Triggered?.Invoke(this, args);

    public void Dispose()
    {
        foreach (var input in _inputs) input.Dispose();
    }
}
