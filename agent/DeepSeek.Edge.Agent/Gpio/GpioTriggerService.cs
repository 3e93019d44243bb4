using System.Device.Gpio;
using DeepSeek.Edge.Agent.Cameras;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Gpio;

/// <summary>
/// Watches the input pins of <c>Gpio:Inputs</c> while the agent runs and hands each debounced edge to its camera
/// (<see cref="CameraManager.Trigger"/>). Started after the cameras, stopped before them.
/// </summary>
public sealed class GpioTriggerService : IHostedService, IDisposable
{
    private readonly GpioOptions _options;
    private readonly Func<GpioController> _controller;
    private readonly CameraManager _cameras;
    private readonly TimeProvider _time;
    private readonly ILogger<GpioTriggers> _logger;
    private GpioTriggers? _triggers;

    public GpioTriggerService(GpioOptions options, Func<GpioController> controller, CameraManager cameras, TimeProvider time, ILogger<GpioTriggers> logger)
    {
        _options = options;
        _controller = controller;
        _cameras = cameras;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled || _options.Inputs.Count == 0) return Task.CompletedTask;
        _triggers = new GpioTriggers(_controller(), _options, _time, _logger);
        _triggers.Triggered += (_, trigger) => _cameras.Trigger(trigger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _triggers?.Dispose();
        _triggers = null;
    }
}
