using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Fleet;

/// <summary>
/// <c>manifest.json</c> of a dataset export: its id (what a model package's <c>lineage.dataset</c> names), the query that
/// chose the captures, the format of the annotations, and provenance: the devices and model versions the captures came
/// from, and every capture with its image file and SHA-256.
/// </summary>
public sealed record DatasetManifest(
    string Id, DateTimeOffset CreatedAt, string CreatedBy, string Format, DatasetQuery Query, IReadOnlyList<string> Labels,
    IReadOnlyList<string> Devices, IReadOnlyList<string> Versions, IReadOnlyList<DatasetItem> Captures) : Documents.IDocument
{
    public const string Coco = "coco";
    public const string Yolo = "yolo";

    public static string SchemaId => Schemas.DatasetManifest;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.DatasetManifest;
}

/// <summary>What an export asked for (null: any).</summary>
public sealed record DatasetQuery(string? Model, string? Version, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<string>? Labels);

/// <summary>
/// One capture in an export: its id, origin, the model version that labelled it, the image file in the zip (its SHA-256 and
/// pixel size) and how many pre-label annotations it has there.
/// </summary>
public sealed record DatasetItem(
    long Capture, string Device, string Camera, DateTimeOffset Ts, string Model, string Version, string File, string Sha256, int Width, int Height,
    int Annotations);
