using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// The retained <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c>: the latest update state of each camera (by camera name) and,
/// under <c>desired_state</c>, what became of the desired-state documents.
/// </summary>
public sealed record ModelStateDocument(string Device, DateTimeOffset Ts, IReadOnlyDictionary<string, CameraUpdate> Cameras) : IDocument
{
    public static string SchemaId => Schemas.ModelState;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.ModelState;

    public DesiredStateOutcome? DesiredState { get; init; }
}

/// <summary>
/// One camera's update: <c>downloading</c> (with <c>bytes</c> of <c>total</c>), <c>verifying</c>, <c>staged</c>, <c>activating</c>,
/// <c>active</c>, <c>failed</c> or <c>rolled-back</c> (with <c>reason</c>); <c>desired_version</c> is the desired-state document it follows.
/// </summary>
public sealed record CameraUpdate(string Model, string Version, string State)
{
    public long? Bytes { get; init; }
    public long? Total { get; init; }
    public string? Reason { get; init; }
    public string? DesiredVersion { get; init; }
}

/// <summary>What the agent made of a desired-state document: <c>accepted</c> (with its <c>version</c>) or <c>rejected</c> (with the reason).</summary>
public sealed record DesiredStateOutcome(string State, string Topic, DateTimeOffset ReceivedAt)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public string? Version { get; init; }
    public string? Reason { get; init; }
}
