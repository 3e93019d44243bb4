using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents.Local;

/// <summary>
/// <c>/status</c>: what the local status page shows beyond <c>/healthz</c> (<see cref="AgentHealth"/>): per camera the desired and
/// running model with the update's progress, the execution providers tried and stage latencies; the broker link, the outbox
/// backlog and the latest warnings and errors. Served on the device only (not sent over MQTT).
/// </summary>
public sealed record LocalStatus(
    string Device, DateTimeOffset Ts, BrokerLink Broker, OutboxBacklog Outbox, IReadOnlyList<CameraDetail> Cameras, ProblemLog Problems) : IDocument
{
    public static string SchemaId => Schemas.LocalStatus;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.LocalStatus;
}
