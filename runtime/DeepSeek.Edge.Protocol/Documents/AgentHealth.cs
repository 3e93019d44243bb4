using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// <c>/healthz</c> and the <c>status</c> command's result: liveness and readiness with the detail a person at the device
/// wants (broker link and each camera).
/// </summary>
public sealed record AgentHealth(bool Ready, string Status, bool MqttConnected, IReadOnlyList<CameraHealth> Cameras, DateTimeOffset StartedAt, string Version) : IDocument
{
    public static string SchemaId => Schemas.Health;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Health;

    /// <summary>The device id (<c>Agent:DeviceId</c>).</summary>
    public string Device { get; init; } = "";

    /// <summary>What to do next when the agent has nothing to do (no cameras configured); null otherwise.</summary>
    public string? Hint { get; init; }

    /// <summary>Why the agent is degraded beyond its cameras and link, e.g. an outbox on a full disk.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}
