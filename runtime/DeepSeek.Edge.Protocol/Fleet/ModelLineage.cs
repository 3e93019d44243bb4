using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Fleet;

/// <summary>
/// <c>GET /api/models/{name}/{version}/lineage</c>: what a registered version was trained from, as its manifest's <c>lineage</c>
/// names it: the dataset export (when the console made it: its record and capture ids) and the parent version.
/// </summary>
public sealed record ModelLineage(string Name, string Version, string? Dataset, string? Parent, DatasetExport? Export) : Documents.IDocument
{
    public static string SchemaId => Schemas.ModelLineage;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.ModelLineage;
}

/// <summary>A recorded dataset export: when, by whom, in what format, and the captures it held.</summary>
public sealed record DatasetExport(string Id, DateTimeOffset CreatedAt, string CreatedBy, string Format, long Annotations, IReadOnlyList<long> Captures);
