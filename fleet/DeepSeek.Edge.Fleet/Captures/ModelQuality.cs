using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Versions of one model side by side over a time range: the 1-minute quality rollups summed per version (so detections per
/// frame and the uncertain fraction are fleet-wide ratios of sums, not means of means), the mean fps of cameras running the
/// version (raw telemetry samples), and the captures stored.
/// </summary>
public sealed class ModelQuality(FleetDatabase database)
{
    public ModelQualityReport Report(string model, IReadOnlyList<string> versions, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(versions);
        using var db = database.Open();
        var range = new { model, from = Utc.Text(from), to = Utc.Text(to) };
        var rows = db.Query<Row>("""
            SELECT version AS Version, count(DISTINCT device) AS Devices, sum(samples) AS Samples, sum(frames) AS Frames, sum(detections) AS Detections,
                   sum(uncertain_frames) AS Uncertain, sum(inference_errors) AS Errors, sum(bin0) AS B0, sum(bin1) AS B1, sum(bin2) AS B2, sum(bin3) AS B3,
                   sum(bin4) AS B4, sum(bin5) AS B5, sum(bin6) AS B6, sum(bin7) AS B7, sum(bin8) AS B8, sum(bin9) AS B9
            FROM quality_rollups WHERE resolution = '1m' AND model = @model AND bucket >= @from AND bucket < @to GROUP BY version
            """, range).ToDictionary(r => r.Version, StringComparer.Ordinal);
        var chosen = versions.Count > 0 ? versions : rows.Keys.Order(StringComparer.Ordinal).ToList();
        var fpsParameters = new DynamicParameters(new { range.from, range.to });
        var models = SqlList.Add(fpsParameters, "model", chosen.Select(v => $"{model}@{v}"));
        var fps = db.Query<(string Model, double Fps)>($"""
            SELECT model AS Model, avg(fps) AS Fps FROM camera_samples WHERE model IN {models} AND ts >= @from AND ts < @to GROUP BY model
            """, fpsParameters)
            .ToDictionary(r => r.Model, r => r.Fps, StringComparer.Ordinal);
        var captures = db.Query<(string Version, long Count)>("""
            SELECT model_version AS Version, count(*) AS Count FROM captures WHERE model_name = @model AND ts >= @from AND ts < @to GROUP BY model_version
            """, range).ToDictionary(r => r.Version, r => r.Count, StringComparer.Ordinal);
        var list = chosen.Select(v =>
        {
            var r = rows.GetValueOrDefault(v) ?? new Row(v, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            return new VersionQuality(v, r.Devices, r.Samples, r.Frames, r.Detections, r.Frames == 0 ? 0 : (double)r.Detections / r.Frames,
                [r.B0, r.B1, r.B2, r.B3, r.B4, r.B5, r.B6, r.B7, r.B8, r.B9], r.Uncertain, r.Frames == 0 ? 0 : (double)r.Uncertain / r.Frames, r.Errors,
                fps.TryGetValue($"{model}@{v}", out var f) ? f : null, captures.GetValueOrDefault(v));
        }).ToList();
        return new ModelQualityReport(model, from, to, list);
    }

    private sealed record Row(string Version, long Devices, long Samples, long Frames, long Detections, long Uncertain, long Errors,
        long B0, long B1, long B2, long B3, long B4, long B5, long B6, long B7, long B8, long B9);
}
