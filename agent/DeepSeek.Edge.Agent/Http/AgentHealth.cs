using DeepSeek.Edge.Agent.Commands;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>Liveness and readiness with the detail a person at the device wants: broker link and each camera.</summary>
public sealed record AgentHealth(bool Ready, string Status, bool MqttConnected, IReadOnlyList<CameraHealth> Cameras, DateTimeOffset StartedAt, string Version)
{
    /// <summary>What to do next when the agent has nothing to do (no cameras configured); null otherwise.</summary>
    public string? Hint { get; init; }

    /// <summary>The device id (<c>Agent:DeviceId</c>).</summary>
    public string Device { get; init; } = "";

    /// <summary>Why the agent is degraded beyond its cameras and link, e.g. an outbox on a full disk.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}

/// <summary>One camera's state as the status endpoint and telemetry show it.</summary>
public sealed record CameraHealth(
    string Name, string Source, string State, string? Model, string? Provider,
    long FramesIn, long FramesProcessed, long FramesDropped, double FpsOut, string? LastError)
{
    /// <summary>The settings a <c>set</c> command overrides over the configuration, by setting name (empty: none).</summary>
    public IReadOnlyDictionary<string, SettingOverride> Overrides { get; init; } = new Dictionary<string, SettingOverride>();
}
