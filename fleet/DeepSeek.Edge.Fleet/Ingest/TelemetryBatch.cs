using System.Data;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>One telemetry message, read and checked, with what its rows need worked out (a bad one never gets this far).</summary>
internal sealed record TelemetrySample(int Index, TelemetryDocument Doc, string Ts, string Rx, double? Cpu, double? Temperature, string Minute, string Hour,
    double Fps, string? Problem)
{
    public (string Device, string Epoch, long Seq) Key => (Doc.Device, Doc.Epoch, Doc.Seq);
}

/// <summary>
/// Stores a run of telemetry samples (consecutive in the writer's batch) with one multi-row statement per table instead of four
/// statements per sample, with the same outcome as storing them one after another: a sample whose <c>(device, epoch, seq)</c> is
/// stored already, or comes again later in the run, is a duplicate (it only moves the device's <c>last_seen</c>); for a new one its
/// camera rows and quality rows go in, its fps and quality count once in the 1-minute and 1-hour rollups (summed per bucket before the upsert, which PostgreSQL
/// needs: one statement may not update a row twice), and the device row takes the figures of the device's last new sample and the
/// latest arrival of all of them. Rows go in device order, so replicas writing the same devices lock them in one order.
/// </summary>
internal static class TelemetryBatch
{
    private static readonly MultiRowStatement Samples = new(
        "INSERT INTO telemetry_samples (device, epoch, seq, ts, rx_ts, agent_status, mqtt_connected, cpu_percent, temperature_c) VALUES",
        "({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})",
        "ON CONFLICT DO NOTHING RETURNING device, epoch, seq",
        DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.Int32, DbType.Double, DbType.Double);

    private static readonly MultiRowStatement Cameras = new(
        "INSERT INTO camera_samples (device, epoch, seq, camera, ts, state, model, provider, frames_in, frames_processed, frames_dropped, fps) VALUES",
        "({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11})",
        "",
        DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.Int64,
        DbType.Int64, DbType.Double);

    private static readonly MultiRowStatement Rollups = new(
        "INSERT INTO telemetry_rollups (resolution, device, camera, bucket, samples, fps_sum, fps_min, fps_max, frames_dropped) VALUES",
        "({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})",
        """
        ON CONFLICT (resolution, device, camera, bucket) DO UPDATE SET samples = telemetry_rollups.samples + excluded.samples,
            fps_sum = telemetry_rollups.fps_sum + excluded.fps_sum, fps_min = least(telemetry_rollups.fps_min, excluded.fps_min),
            fps_max = greatest(telemetry_rollups.fps_max, excluded.fps_max),
            frames_dropped = greatest(telemetry_rollups.frames_dropped, excluded.frames_dropped)
        """,
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.Double, DbType.Double, DbType.Double, DbType.Int64);

    private static readonly MultiRowStatement Devices = new(
        "INSERT INTO devices (id, state, first_seen, last_seen, fps, cpu_percent, temperature_c, problem) VALUES",
        "({0}, 'online', {1}, {2}, {3}, {4}, {5}, {6})",
        """
        ON CONFLICT (id) DO UPDATE SET last_seen = greatest(devices.last_seen, excluded.last_seen), fps = excluded.fps, cpu_percent = excluded.cpu_percent,
            temperature_c = excluded.temperature_c, problem = excluded.problem
        """,
        DbType.String, DbType.String, DbType.String, DbType.Double, DbType.Double, DbType.Double, DbType.String);

    private static readonly MultiRowStatement QualitySamples = new(
        "INSERT INTO quality_samples (device, epoch, seq, camera, model, version, ts, interval_s, frames, detections, inference_errors, uncertain_frames) VALUES",
        "({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11})",
        "ON CONFLICT DO NOTHING",
        DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Double, DbType.Int64, DbType.Int64,
        DbType.Int64, DbType.Int64);

    /// <summary>Devices of the run that sent only duplicates: as any message does, they only move <c>last_seen</c> (and are added when missing).</summary>
    private static readonly MultiRowStatement Touches = new(
        "INSERT INTO devices (id, state, first_seen, last_seen) VALUES",
        "({0}, 'online', {1}, {2})",
        "ON CONFLICT (id) DO UPDATE SET last_seen = greatest(devices.last_seen, excluded.last_seen)",
        DbType.String, DbType.String, DbType.String);

    /// <summary>Stores <paramref name="run"/> (in batch order) and sets each sample's outcome in <paramref name="results"/> at its index.</summary>
    public static void Store(IDbTransaction tx, StatementCache commands, IReadOnlyList<TelemetrySample> run, (IngestOutcome, string?)[] results)
    {
        var seen = new HashSet<(string, string, long)>();
        var candidates = run.Where(s => seen.Add(s.Key)).ToList();
        var inserted = new HashSet<(string, string, long)>();
        Samples.Execute(commands, tx, candidates.Select(s => new object?[]
        {
            s.Doc.Device, s.Doc.Epoch, s.Doc.Seq, s.Ts, s.Rx, s.Doc.Agent.Status, s.Doc.Agent.MqttConnected ? 1 : 0, s.Cpu, s.Temperature,
        }).ToList(), r => inserted.Add((r.GetString(0), r.GetString(1), r.GetInt64(2))));

        var stored = new List<TelemetrySample>(inserted.Count);
        foreach (var s in run)
        {
            // The first copy of a new key is the stored one; a second copy in the same run is a duplicate of it.
            var isNew = inserted.Remove(s.Key);
            results[s.Index] = (isNew ? IngestOutcome.Stored : IngestOutcome.Duplicate, null);
            if (isNew) stored.Add(s);
        }

        Cameras.Execute(commands, tx, stored.SelectMany(s => s.Doc.Cameras.Select(c => new object?[]
        {
            s.Doc.Device, s.Doc.Epoch, s.Doc.Seq, c.Name, s.Ts, c.State, c.Model, c.Provider, c.FramesIn, c.FramesProcessed, c.FramesDropped, c.FpsOut,
        })).ToList());
        Rollups.Execute(commands, tx, RollupRows(stored));
        QualitySamples.Execute(commands, tx, stored.SelectMany(s => (s.Doc.Quality ?? []).Select(q => new object?[]
        {
            s.Doc.Device, s.Doc.Epoch, s.Doc.Seq, q.Camera, q.Model, q.Version, s.Ts, q.IntervalS, q.Frames, q.Detections, q.InferenceErrors, q.UncertainFrames,
        })).ToList());
        Captures.QualityRollups.Add(commands, tx, stored.Select(s => (s.Doc, s.Ts, s.Minute, s.Hour)).ToList());
        DeviceRows(run, stored, out var devices, out var touches);
        Devices.Execute(commands, tx, devices);
        Touches.Execute(commands, tx, touches);
    }

    /// <summary>Each (resolution, device, camera, bucket) once, with the count, fps sum, min and max and the most frames dropped of its samples.</summary>
    private static List<object?[]> RollupRows(List<TelemetrySample> stored)
    {
        var buckets = new Dictionary<(string Resolution, string Device, string Camera, string Bucket), (long Samples, double Sum, double Min, double Max, long Dropped)>();
        foreach (var s in stored)
        {
            foreach (var c in s.Doc.Cameras)
            {
                foreach (var key in new[] { ("1m", s.Doc.Device, c.Name, s.Minute), ("1h", s.Doc.Device, c.Name, s.Hour) })
                {
                    buckets[key] = buckets.TryGetValue(key, out var b)
                        ? (b.Samples + 1, b.Sum + c.FpsOut, Math.Min(b.Min, c.FpsOut), Math.Max(b.Max, c.FpsOut), Math.Max(b.Dropped, c.FramesDropped))
                        : (1, c.FpsOut, c.FpsOut, c.FpsOut, c.FramesDropped);
                }
            }
        }

        return buckets.OrderBy(b => b.Key.Device, StringComparer.Ordinal).ThenBy(b => b.Key.Camera, StringComparer.Ordinal)
            .ThenBy(b => b.Key.Resolution, StringComparer.Ordinal).ThenBy(b => b.Key.Bucket, StringComparer.Ordinal)
            .Select(b => new object?[] { b.Key.Resolution, b.Key.Device, b.Key.Camera, b.Key.Bucket, b.Value.Samples, b.Value.Sum, b.Value.Min, b.Value.Max, b.Value.Dropped })
            .ToList();
    }

    /// <summary>
    /// One row per device: first seen at its first message of the run (when the row is new), last seen at its latest arrival; the
    /// figures of its last new sample, or only the times when all of its samples were duplicates.
    /// </summary>
    private static void DeviceRows(IReadOnlyList<TelemetrySample> run, List<TelemetrySample> stored, out List<object?[]> devices, out List<object?[]> touches)
    {
        var last = new Dictionary<string, TelemetrySample>(StringComparer.Ordinal);
        foreach (var s in stored) last[s.Doc.Device] = s;
        var order = new List<string>();
        var times = new Dictionary<string, (string First, string Latest)>(StringComparer.Ordinal);
        foreach (var s in run)
        {
            if (times.TryGetValue(s.Doc.Device, out var t))
                times[s.Doc.Device] = (t.First, string.CompareOrdinal(s.Rx, t.Latest) > 0 ? s.Rx : t.Latest);
            else
            {
                times[s.Doc.Device] = (s.Rx, s.Rx);
                order.Add(s.Doc.Device);
            }
        }

        devices = [];
        touches = [];
        foreach (var device in order.Order(StringComparer.Ordinal))
        {
            var (first, latest) = times[device];
            if (last.TryGetValue(device, out var s)) devices.Add([device, first, latest, s.Fps, s.Cpu, s.Temperature, s.Problem]);
            else touches.Add([device, first, latest]);
        }
    }
}
