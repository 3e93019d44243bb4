using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// The retained <c>&lt;p&gt;/devices/&lt;id&gt;/status</c>: <c>online</c> after each connect, <c>offline</c> with reason
/// <c>connection-lost</c> as the last will (no <c>ts</c>: the broker sends it later) or <c>stopped</c> on a clean shutdown.
/// </summary>
public sealed record StatusDocument(string Device, string State, string AgentVersion, DateTimeOffset StartedAt) : IDocument
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string ConnectionLost = "connection-lost";
    public const string Stopped = "stopped";

    public static string SchemaId => Schemas.Status;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Status;

    public string? Reason { get; init; }

    public DateTimeOffset? Ts { get; init; }

    /// <summary>The groups whose desired state the device follows (<c>Ota:Groups</c>), so the console knows its members.</summary>
    public IReadOnlyList<string>? Groups { get; init; }
}
