using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Fleet;

/// <summary>
/// <c>GET /api/models/{name}/quality</c>: versions of one model side by side across the fleet over a time range, summed from the
/// devices' per-version quality telemetry (<see cref="Documents.QualitySample"/>).
/// </summary>
public sealed record ModelQualityReport(string Model, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VersionQuality> Versions) : Documents.IDocument
{
    public static string SchemaId => Schemas.ModelQuality;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.ModelQuality;
}

/// <summary>
/// One version's quality: devices that reported it, frames, detections per frame, the score histogram (ten bins over 0..1),
/// the fraction of frames with a detection in the uncertainty band, inference errors, mean fps of the cameras running it,
/// and captures stored.
/// </summary>
public sealed record VersionQuality(
    string Version, long Devices, long Samples, long Frames, long Detections, double DetectionsPerFrame, IReadOnlyList<long> ScoreHistogram,
    long UncertainFrames, double UncertainFraction, long InferenceErrors, double? Fps, long Captures);
