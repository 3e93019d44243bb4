using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Tests.Commands;

/// <summary>Records what commands did, in place of the camera manager.</summary>
internal sealed class FakeCommandTarget : ICommandTarget
{
    public List<(string Camera, CameraSettingsChange Change)> Sets { get; } = [];
    public List<string> Restarts { get; } = [];
    public LogLevel? Level { get; private set; }
    public IReadOnlyList<string> CameraNames { get; } = ["front-door", "yard"];

    public AgentHealth ReportedState() =>
        new(true, "healthy", true, CameraNames.Select(c => new CameraHealth(c, "file:///x.mp4", "running", "faces@1.0.0", "cpu", 10, 9, 1, 14.5, null)).ToArray(),
            DateTimeOffset.UnixEpoch, "1.0.0") { Device = "cam-01" };

    public JpegFrame? Snapshot(string camera) => camera == "front-door" ? new JpegFrame(7, [0xFF, 0xD8, 0xFF, 0xD9]) : null;

    public Task<IReadOnlyDictionary<string, SettingOverride>> SetCameraAsync(string camera, CameraSettingsChange change, CancellationToken cancellationToken)
    {
        Sets.Add((camera, change));
        return Task.FromResult<IReadOnlyDictionary<string, SettingOverride>>(new Dictionary<string, SettingOverride>());
    }

    public Task RestartPipelineAsync(string camera, CancellationToken cancellationToken)
    {
        Restarts.Add(camera);
        return Task.CompletedTask;
    }

    public void SetLogLevel(LogLevel level) => Level = level;

    public List<(string Camera, int Frames)> Captures { get; } = [];

    public int RequestCapture(string camera, int frames)
    {
        Captures.Add((camera, frames));
        return Captures.Where(c => c.Camera == camera).Sum(c => c.Frames);
    }
}
