using System.Data;
using System.Text.Json;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Adds a telemetry sample's per-version quality (<see cref="QualitySample"/>) to <c>quality_rollups</c>, per device, camera,
/// model version and 1-minute / 1-hour bucket: sums of frames, detections, uncertain frames, inference errors and the ten
/// score-histogram bins, so any range of buckets sums to the same figures the devices counted. The latest capture counters
/// of each device go to <c>capture_counts</c>. Called with the stored (not duplicate) samples of a run of telemetry.
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

    private static readonly MultiRowStatement Rollups = new("""
        INSERT INTO quality_rollups (resolution, device, camera, model, version, bucket, samples, interval_s, frames, detections,
            uncertain_frames, inference_errors, bin0, bin1, bin2, bin3, bin4, bin5, bin6, bin7, bin8, bin9) VALUES
        """,
        "({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}, {16}, {17}, {18}, {19}, {20}, {21})",
        """
        ON CONFLICT (resolution, device, camera, model, version, bucket) DO UPDATE SET samples = quality_rollups.samples + excluded.samples,
            interval_s = quality_rollups.interval_s + excluded.interval_s, frames = quality_rollups.frames + excluded.frames,
            detections = quality_rollups.detections + excluded.detections,
            uncertain_frames = quality_rollups.uncertain_frames + excluded.uncertain_frames,
            inference_errors = quality_rollups.inference_errors + excluded.inference_errors,
            bin0 = quality_rollups.bin0 + excluded.bin0, bin1 = quality_rollups.bin1 + excluded.bin1, bin2 = quality_rollups.bin2 + excluded.bin2,
            bin3 = quality_rollups.bin3 + excluded.bin3, bin4 = quality_rollups.bin4 + excluded.bin4, bin5 = quality_rollups.bin5 + excluded.bin5,
            bin6 = quality_rollups.bin6 + excluded.bin6, bin7 = quality_rollups.bin7 + excluded.bin7, bin8 = quality_rollups.bin8 + excluded.bin8,
            bin9 = quality_rollups.bin9 + excluded.bin9
        """,
        [DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.Double,
            .. Enumerable.Repeat(DbType.Int64, 4 + QualitySample.ScoreBins)]);

    private static readonly MultiRowStatement Counts = new(
        "INSERT INTO capture_counts (device, ts, taken, queued, sent, dropped) VALUES",
        "({0}, {1}, {2}, {3}, {4}, {5})",
        """
        ON CONFLICT (device) DO UPDATE SET ts = excluded.ts, taken = excluded.taken, queued = excluded.queued, sent = excluded.sent,
            dropped = excluded.dropped WHERE excluded.ts >= capture_counts.ts
        """,
        DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String);

    /// <summary>
    /// Adds the stored samples (in batch order, each with its 1-minute and 1-hour buckets) to the rollups, each row once with the
    /// sums of all its samples (one statement may not update a row twice on PostgreSQL), and keeps each device's newest capture
    /// counters: of the samples and the stored row, the last with the latest <c>ts</c>, as storing them one by one would.
    /// </summary>
    public static void Add(StatementCache commands, IDbTransaction tx, IReadOnlyList<(TelemetryDocument Sample, string Ts, string Minute, string Hour)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var rollups = new Dictionary<(string, string, string, string, string, string), long[]>();
        var interval = new Dictionary<(string, string, string, string, string, string), double>();
        var counts = new SortedDictionary<string, (string Ts, CaptureCounts Counts)>(StringComparer.Ordinal);
        foreach (var (t, ts, minute, hour) in samples)
        {
            foreach (var q in t.Quality ?? [])
            {
                foreach (var (resolution, bucket) in new[] { ("1m", minute), ("1h", hour) })
                {
                    var key = (resolution, t.Device, q.Camera, q.Model, q.Version, bucket);
                    if (!rollups.TryGetValue(key, out var sums)) rollups[key] = sums = new long[5 + QualitySample.ScoreBins];
                    sums[0]++;
                    sums[1] += q.Frames;
                    sums[2] += q.Detections;
                    sums[3] += q.UncertainFrames;
                    sums[4] += q.InferenceErrors;
                    for (var b = 0; b < QualitySample.ScoreBins; b++) sums[5 + b] += q.ScoreHistogram[b];
                    interval[key] = interval.GetValueOrDefault(key) + q.IntervalS;
                }
            }

            if (t.Captures is { } c && (!counts.TryGetValue(t.Device, out var kept) || string.CompareOrdinal(ts, kept.Ts) >= 0)) counts[t.Device] = (ts, c);
        }

        // In key order (device first), so replicas writing the same devices lock rows in one order.
        var ordered = rollups.OrderBy(r => r.Key.Item2, StringComparer.Ordinal).ThenBy(r => r.Key.Item3, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Item4, StringComparer.Ordinal).ThenBy(r => r.Key.Item5, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Item1, StringComparer.Ordinal).ThenBy(r => r.Key.Item6, StringComparer.Ordinal);
        Rollups.Execute(commands, tx, ordered.Select(r => (object?[])
        [
            r.Key.Item1, r.Key.Item2, r.Key.Item3, r.Key.Item4, r.Key.Item5, r.Key.Item6, r.Value[0], interval[r.Key],
            r.Value[1], r.Value[2], r.Value[3], r.Value[4], .. r.Value[5..].Select(bin => (object?)bin),
        ]).ToList());
        Counts.Execute(commands, tx, counts.Select(c => new object?[]
        {
            c.Key, c.Value.Ts, c.Value.Counts.Taken, c.Value.Counts.Queued, c.Value.Counts.Sent, JsonSerializer.Serialize(c.Value.Counts.Dropped),
        }).ToList());
    }
}
