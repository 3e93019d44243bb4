using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Fleet;

/// <summary>
/// <c>GET /api/rollouts/{id}</c>: a rollout, each device's progress with its health before (the baseline, on the version it ran)
/// and during the soak on the new version, and the two side by side over the devices that have both.
/// </summary>
public sealed record RolloutReport(RolloutSummary Rollout, IReadOnlyList<RolloutDeviceReport> Devices, RolloutComparison Comparison) : Documents.IDocument
{
    public static string SchemaId => Schemas.Rollout;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.Rollout;
}

/// <summary>The rollout itself: the version it brings, the one it replaces, where it stands and why.</summary>
public sealed record RolloutSummary(
    long Id, string Model, string Version, string State, long Wave, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt,
    string? Group = null, string? Reason = null, string? PreviousVersion = null);

/// <summary>One device: its wave, state and the gate's reason, when it was notified, applied and decided, and both health windows.</summary>
public sealed record RolloutDeviceReport(
    string Device, long Wave, string State, string? Reason = null, DateTimeOffset? NotifiedAt = null, DateTimeOffset? AppliedAt = null,
    DateTimeOffset? DecidedAt = null, HealthFigures? Baseline = null, HealthFigures? Soak = null);

/// <summary>
/// What a device's telemetry said over a window: telemetry samples, mean camera fps, detections per inferred frame, the share
/// of frames lost to inference errors and of inferred frames with a detection in the uncertainty band (percent). A figure the
/// window had no data for is absent.
/// </summary>
public sealed record HealthFigures(long Samples, double? Fps = null, double? DetectionsPerFrame = null, double? ErrorPct = null, double? UncertainPct = null);

/// <summary>The new version against the old on the same devices: the mean of each figure over the devices with both windows.</summary>
public sealed record RolloutComparison(string Version, long Devices, string? PreviousVersion = null, HealthFigures? Baseline = null, HealthFigures? Soak = null);
