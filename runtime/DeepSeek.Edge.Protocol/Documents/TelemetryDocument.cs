using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>Periodic device and pipeline health on <c>&lt;p&gt;/devices/&lt;id&gt;/telemetry</c> (outbox, lowest priority).</summary>
public sealed record TelemetryDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, AgentSummary Agent, IReadOnlyList<CameraHealth> Cameras, DeviceHealth? Health = null) : IDocument
{
    public static string SchemaId => Schemas.Telemetry;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Telemetry;
}

/// <summary>The agent in a telemetry sample: version, overall status, start, uptime and broker link.</summary>
public sealed record AgentSummary(string Version, string Status, DateTimeOffset StartedAt, double UptimeS, bool MqttConnected);
