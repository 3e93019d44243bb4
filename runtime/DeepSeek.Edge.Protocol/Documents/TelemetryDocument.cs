using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>Periodic device and pipeline health on <c>&lt;p&gt;/devices/&lt;id&gt;/telemetry</c> (outbox, lowest priority).</summary>
public sealed record TelemetryDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, AgentSummary Agent, IReadOnlyList<CameraHealth> Cameras, DeviceHealth? Health = null) : IDocument
{
    public static string SchemaId => Schemas.Telemetry;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Telemetry;

    /// <summary>Per camera and model version, the output quality over the interval since the previous sample.</summary>
    public IReadOnlyList<QualitySample>? Quality { get; init; }

    /// <summary>Captures (frames sent back for retraining) since the agent started, by outcome.</summary>
    public CaptureCounts? Captures { get; init; }
}

/// <summary>
/// Captures since the agent started: taken (chosen and encoded), queued in the outbox, sent (acknowledged by the broker) and
/// dropped, by reason (<c>hour_cap</c>, <c>day_cap</c>, <c>budget</c>, <c>too_large</c>, <c>outbox_full</c>, ...).
/// </summary>
public sealed record CaptureCounts(long Taken, long Queued, long Sent, IReadOnlyDictionary<string, long> Dropped);

/// <summary>The agent in a telemetry sample: version, overall status, start, uptime and broker link.</summary>
public sealed record AgentSummary(string Version, string Status, DateTimeOffset StartedAt, double UptimeS, bool MqttConnected);
