using System.Data;
using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Adds a telemetry sample's per-version quality (<see cref="QualitySample"/>) to <c>quality_rollups</c>, per device, camera,
/// model version and 1-minute / 1-hour bucket: sums of frames, detections, uncertain frames, inference errors and the ten
/// score-histogram bins, so any range of buckets sums to the same figures the devices counted. The latest capture counters
/// of each device go to <c>capture_counts</c>. Called once per stored (not duplicate) telemetry sample.
/// </summary>
public static class QualityRollups
{
    /// <summary>Refuses a sample whose quality is malformed, before anything of it is stored.</summary>
    public static void Check(TelemetryDocument t)
    {
        ArgumentNullException.ThrowIfNull(t);
        foreach (var q in t.Quality ?? [])
        {
            if (!SafeName.IsValid(q.Model) || !SafeName.IsValid(q.Version) || !SafeName.IsValid(q.Camera))
                throw new FormatException($"telemetry: quality for \"{q.Camera}\" / \"{q.Model}@{q.Version}\" has a name that is not valid: {SafeName.Rule}");
            if (q.ScoreHistogram.Count != QualitySample.ScoreBins)
                throw new FormatException($"telemetry: quality score_histogram has {q.ScoreHistogram.Count} bins; it must have {QualitySample.ScoreBins}");
            if (q.Frames < 0 || q.Detections < 0 || q.UncertainFrames < 0 || q.InferenceErrors < 0 || q.ScoreHistogram.Any(b => b < 0))
                throw new FormatException("telemetry: quality counts must not be negative");
        }
    }

    public static void Add(IDbConnection db, IDbTransaction tx, TelemetryDocument t, IEnumerable<(string Resolution, string Bucket)> buckets)
    {
        ArgumentNullException.ThrowIfNull(t);
        var resolutions = buckets.ToList();
        foreach (var q in t.Quality ?? [])
        {
            var h = q.ScoreHistogram;
            foreach (var (resolution, bucket) in resolutions)
            {
                db.Execute("""
                    INSERT INTO quality_rollups (resolution, device, camera, model, version, bucket, samples, interval_s, frames, detections,
                        uncertain_frames, inference_errors, bin0, bin1, bin2, bin3, bin4, bin5, bin6, bin7, bin8, bin9)
                    VALUES (@resolution, @device, @camera, @model, @version, @bucket, 1, @interval, @frames, @detections, @uncertain, @errors,
                        @b0, @b1, @b2, @b3, @b4, @b5, @b6, @b7, @b8, @b9)
                    ON CONFLICT (resolution, device, camera, model, version, bucket) DO UPDATE SET samples = quality_rollups.samples + 1,
                        interval_s = quality_rollups.interval_s + excluded.interval_s, frames = quality_rollups.frames + excluded.frames,
                        detections = quality_rollups.detections + excluded.detections,
                        uncertain_frames = quality_rollups.uncertain_frames + excluded.uncertain_frames,
                        inference_errors = quality_rollups.inference_errors + excluded.inference_errors,
                        bin0 = quality_rollups.bin0 + excluded.bin0, bin1 = quality_rollups.bin1 + excluded.bin1, bin2 = quality_rollups.bin2 + excluded.bin2,
                        bin3 = quality_rollups.bin3 + excluded.bin3, bin4 = quality_rollups.bin4 + excluded.bin4, bin5 = quality_rollups.bin5 + excluded.bin5,
                        bin6 = quality_rollups.bin6 + excluded.bin6, bin7 = quality_rollups.bin7 + excluded.bin7, bin8 = quality_rollups.bin8 + excluded.bin8,
                        bin9 = quality_rollups.bin9 + excluded.bin9
                    """, new
                {
                    resolution, device = t.Device, camera = q.Camera, model = q.Model, version = q.Version, bucket, interval = q.IntervalS,
                    frames = q.Frames, detections = q.Detections, uncertain = q.UncertainFrames, errors = q.InferenceErrors,
                    b0 = h[0], b1 = h[1], b2 = h[2], b3 = h[3], b4 = h[4], b5 = h[5], b6 = h[6], b7 = h[7], b8 = h[8], b9 = h[9],
                }, tx);
            }
        }

        if (t.Captures is { } counts)
        {
            db.Execute("""
                INSERT INTO capture_counts (device, ts, taken, queued, sent, dropped) VALUES (@device, @ts, @taken, @queued, @sent, @dropped)
                ON CONFLICT (device) DO UPDATE SET ts = excluded.ts, taken = excluded.taken, queued = excluded.queued, sent = excluded.sent,
                    dropped = excluded.dropped WHERE excluded.ts >= capture_counts.ts
                """, new { device = t.Device, ts = Utc.Text(t.Ts), taken = counts.Taken, queued = counts.Queued, sent = counts.Sent,
                dropped = JsonSerializer.Serialize(counts.Dropped) }, tx);
        }
    }
}
