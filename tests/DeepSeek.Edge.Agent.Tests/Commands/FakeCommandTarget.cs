using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Agent.Http;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Tests.Commands;

/// <summary>Records what commands did, in place of the camera manager.</summary>
internal sealed class FakeCommandTarget : ICommandTarget
{
    public List<(string Camera, CameraSettings Settings)> Sets { get; } = [];
    public List<string> Restarts { get; } = [];
    public LogLevel? Level { get; private set; }
    public IReadOnlyList<string> CameraNames { get; } = ["front-door", "yard"];

    public object ReportedState() => new { cameras = CameraNames };

    public JpegFrame? Snapshot(string camera) => camera == "front-door" ? new JpegFrame(7, [0xFF, 0xD8, 0xFF, 0xD9]) : null;

    public Task SetCameraAsync(string camera, CameraSettings settings, CancellationToken cancellationToken)
    {
        Sets.Add((camera, settings));
        return Task.CompletedTask;
    }

    public Task RestartPipelineAsync(string camera, CancellationToken cancellationToken)
    {
        Restarts.Add(camera);
        return Task.CompletedTask;
    }

    public void SetLogLevel(LogLevel level) => Level = level;
}
