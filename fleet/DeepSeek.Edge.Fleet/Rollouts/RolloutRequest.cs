using System.Globalization;
using System.Text.Json;

namespace DeepSeek.Edge.Fleet.Rollouts;

/// <summary>
/// <c>POST /api/rollouts</c>: a registered model version to a group (or listed devices) in waves (cumulative: a device count
/// such as <c>1</c> or a share such as <c>"10%"</c>, the last one <c>"100%"</c>), each device given <see cref="ApplyTimeoutS"/> to
/// apply it and <see cref="SoakS"/> to stay healthy; a wave whose bad share of decided devices passes <see cref="MaxFailurePct"/>
/// (once <see cref="MinDecided"/> are decided) aborts the rollout. The health gate (<see cref="RolloutHealth"/>) judges each
/// device's soak against its telemetry over <see cref="BaselineS"/> before it was notified: an fps drop of more than
/// <see cref="MaxFpsDropPct"/>, a detections-per-frame change of more than <see cref="MaxDetectionChangePct"/>, or inference errors
/// more than <see cref="MaxInferenceErrorPct"/> points above the baseline's share of frames, or a share of frames in the uncertainty
/// band more than <see cref="MaxUncertainRisePct"/> points above the baseline's make it unhealthy.
/// </summary>
public sealed record RolloutRequest(
    string Model, string Version, string? Group = null, IReadOnlyList<string>? Devices = null, IReadOnlyList<string>? Cameras = null,
    IReadOnlyList<JsonElement>? Waves = null, double ApplyTimeoutS = 600, double SoakS = 60, double MaxFailurePct = 20, int MinDecided = 1,
    bool PauseAfterWave = false, double BaselineS = 120, double MaxFpsDropPct = 30, double MaxDetectionChangePct = 50, double MaxInferenceErrorPct = 1,
    double MaxUncertainRisePct = 20)
{
    /// <summary>The cumulative device count at the end of each wave, for <paramref name="total"/> devices.</summary>
    public IReadOnlyList<int> WaveEnds(int total)
    {
        var waves = Waves is { Count: > 0 } w ? w : [JsonDocument.Parse("1").RootElement, JsonDocument.Parse("\"10%\"").RootElement, JsonDocument.Parse("\"100%\"").RootElement];
        var ends = new List<int>();
        foreach (var wave in waves)
        {
            int end;
            if (wave.ValueKind == JsonValueKind.Number && wave.TryGetInt32(out var count) && count > 0) end = count;
            else if (wave.ValueKind == JsonValueKind.String && wave.GetString() is { } text && text.EndsWith('%')
                && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct is > 0 and <= 100)
                end = (int)Math.Ceiling(total * pct / 100);
            else throw new ArgumentException($"waves: {wave.GetRawText()} is neither a device count (1, 5) nor a share (\"10%\")");
            end = Math.Min(end, total);
            if (ends.Count == 0 || end > ends[^1]) ends.Add(end);
        }

        if (ends.Count == 0 || ends[^1] < total) ends.Add(total);
        return ends;
    }

    public IEnumerable<string> Problems()
    {
        if (!Models.Naming.SafeName.IsValid(Model) || !Models.Naming.SafeName.IsValid(Version)) yield return "model and version must be valid names";
        if ((Group is null) == (Devices is null)) yield return "give group or devices, not both and not neither";
        if (Group is not null && !Models.Naming.SafeName.IsValid(Group)) yield return $"group \"{Group}\" is not a valid name";
        if (Devices?.Any(d => !Models.Naming.SafeName.IsValid(d)) == true) yield return "devices: every id must be a valid name";
        if (ApplyTimeoutS is < 1 or > 86400) yield return "apply_timeout_s must be within 1-86400";
        if (SoakS is < 0 or > 86400) yield return "soak_s must be within 0-86400";
        if (MaxFailurePct is < 0 or > 100) yield return "max_failure_pct must be within 0-100";
        if (MinDecided < 1) yield return "min_decided must be at least 1";
        if (BaselineS is < 1 or > 86400) yield return "baseline_s must be within 1-86400";
        if (MaxFpsDropPct is < 0 or > 100) yield return "max_fps_drop_pct must be within 0-100 (100: fps not judged)";
        if (MaxDetectionChangePct < 0) yield return "max_detection_change_pct must be at least 0";
        if (MaxInferenceErrorPct is < 0 or > 100) yield return "max_inference_error_pct must be within 0-100";
        if (MaxUncertainRisePct is < 0 or > 100) yield return "max_uncertain_rise_pct must be within 0-100 (100: not judged)";
    }
}
