using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>What remote commands act on; implemented by the agent's camera manager.</summary>
public interface ICommandTarget
{
    /// <summary>The full reported state (health, cameras, models, providers).</summary>
    AgentHealth ReportedState();

    JpegFrame? Snapshot(string camera);

    /// <summary>
    /// Overrides a camera's thresholds or enables/disables it, or clears overrides; persisted and applied without a restart.
    /// Returns the overrides in effect afterwards, by setting name.
    /// </summary>
    Task<IReadOnlyDictionary<string, SettingOverride>> SetCameraAsync(string camera, CameraSettingsChange change, CancellationToken cancellationToken);

    Task RestartPipelineAsync(string camera, CancellationToken cancellationToken);

    void SetLogLevel(LogLevel level);

    /// <summary>Sends the camera's next <paramref name="frames"/> inferred frames back as captures; returns how many now wait.</summary>
    int RequestCapture(string camera, int frames);

    IReadOnlyList<string> CameraNames { get; }
}
