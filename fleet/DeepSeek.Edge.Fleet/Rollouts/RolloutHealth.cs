using System.Data;
using System.Globalization;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Rollouts;

/// <summary>A device's soak verdict: healthy or not, and why (the measured values against its baseline, so a healthy one says why too).</summary>
public sealed record HealthVerdict(bool Healthy, string Reason);

/// <summary>
/// The rollout health gate: a device's telemetry during the soak on the new version against its own baseline, measured over
/// <see cref="RolloutRequest.BaselineS"/> before it was notified. Windows are in the console's receive time (<c>rx_ts</c>), so a
/// device clock that is off does not move them. Unhealthy when fps fell by more than <see cref="RolloutRequest.MaxFpsDropPct"/>,
/// detections per frame changed by more than <see cref="RolloutRequest.MaxDetectionChangePct"/> (either way), or the share of
/// frames lost to inference errors rose by more than <see cref="RolloutRequest.MaxInferenceErrorPct"/> points, or the share of frames
/// in the uncertainty band (the model is unsure) by more than <see cref="RolloutRequest.MaxUncertainRisePct"/> points. A check without a
/// baseline (no telemetry before, or an agent that sends no quality samples) is skipped and says so.
/// </summary>
public static class RolloutHealth
{
    /// <summary>The device's telemetry for <paramref name="model"/> (any version when <paramref name="version"/> is null) received in [from, to).</summary>
    public static HealthFigures Measure(IDbConnection db, string device, string model, string? version, IReadOnlyList<string>? cameras, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(db);
        var range = new DynamicParameters(new { device, from = Utc.Text(from), to = Utc.Text(to), running = version is null ? null : $"{model}@{version}", prefix = model + "@", model, version });
        var cameraFilter = cameras is null ? "" : " AND c.camera IN " + SqlList.Add(range, "camera", cameras);
        var fps = db.QuerySingle<(long Samples, double? Fps)>($"""
            SELECT count(*), avg(c.fps) FROM telemetry_samples t
            JOIN camera_samples c ON c.device = t.device AND c.epoch = t.epoch AND c.seq = t.seq
            WHERE t.device = @device AND t.rx_ts >= @from AND t.rx_ts < @to
              AND (c.model = @running OR (@running IS NULL AND substr(c.model, 1, length(@prefix)) = @prefix)){cameraFilter}
            """, range);
        var quality = db.QuerySingle<(long? Frames, long? Detections, long? Errors, long? Uncertain)>($"""
            SELECT CAST(sum(c.frames) AS BIGINT), CAST(sum(c.detections) AS BIGINT), CAST(sum(c.inference_errors) AS BIGINT), CAST(sum(c.uncertain_frames) AS BIGINT) FROM telemetry_samples t
            JOIN quality_samples c ON c.device = t.device AND c.epoch = t.epoch AND c.seq = t.seq
            WHERE t.device = @device AND t.rx_ts >= @from AND t.rx_ts < @to AND c.model = @model AND (@version IS NULL OR c.version = @version){cameraFilter}
            """, range);
        var frames = quality.Frames ?? 0;
        var errors = quality.Errors ?? 0;
        return new HealthFigures(fps.Samples, fps.Fps,
            frames > 0 ? (double)(quality.Detections ?? 0) / frames : null,
            frames + errors > 0 ? errors * 100.0 / (frames + errors) : null,
            frames > 0 ? (quality.Uncertain ?? 0) * 100.0 / frames : null);
    }

    public static HealthVerdict Judge(RolloutRequest request, HealthFigures baseline, HealthFigures soak)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(soak);
        var problems = new List<string>();
        var notes = new List<string>();

        if (soak.Fps is not { } fps) notes.Add("no fps during the soak");
        else if (baseline.Fps is not { } baseFps || baseFps <= 0) notes.Add($"fps {F(fps)} (no baseline)");
        else
        {
            var drop = (baseFps - fps) * 100 / baseFps;
            var text = $"fps {F(fps)} vs baseline {F(baseFps)} ({F(0 - drop)}%)";
            (drop > request.MaxFpsDropPct ? problems : notes).Add(drop > request.MaxFpsDropPct ? $"{text}, more than the {F(request.MaxFpsDropPct)}% drop allowed" : text);
        }

        if (soak.DetectionsPerFrame is { } rate && baseline.DetectionsPerFrame is { } baseRate && baseRate > 0)
        {
            var change = (rate - baseRate) * 100 / baseRate;
            var text = $"detections/frame {F(rate)} vs baseline {F(baseRate)} ({(change >= 0 ? "+" : "")}{F(change)}%)";
            var bad = Math.Abs(change) > request.MaxDetectionChangePct;
            (bad ? problems : notes).Add(bad ? $"{text}, more than the {F(request.MaxDetectionChangePct)}% change allowed" : text);
        }
        else notes.Add("detection rate not judged (no baseline)");

        if (soak.ErrorPct is { } errors)
        {
            var baseErrors = baseline.ErrorPct ?? 0;
            var text = $"inference errors {F(errors)}% of frames vs baseline {F(baseErrors)}%";
            var bad = errors - baseErrors > request.MaxInferenceErrorPct;
            (bad ? problems : notes).Add(bad ? $"{text}, more than {F(request.MaxInferenceErrorPct)} points up" : text);
        }

        if (soak.UncertainPct is { } uncertain && baseline.UncertainPct is { } baseUncertain)
        {
            var text = $"uncertain frames {F(uncertain)}% vs baseline {F(baseUncertain)}%";
            var bad = uncertain - baseUncertain > request.MaxUncertainRisePct;
            (bad ? problems : notes).Add(bad ? $"{text}, more than {F(request.MaxUncertainRisePct)} points up" : text);
        }

        return problems.Count > 0 ? new HealthVerdict(false, string.Join("; ", problems)) : new HealthVerdict(true, string.Join("; ", notes));
    }

    private static string F(double value) => value.ToString(Math.Abs(value) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
