using System.Globalization;
using System.Text;
using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Storage;

namespace DeepSeek.Edge.Fleet.Metrics;

/// <summary>Gauges read when <c>/metrics</c> is scraped: devices online by group and model version, dead letters, captures stored, rollouts and their devices by state, ingest backlog and lag, whether this replica leads, the process's memory (working set, managed heap, bytes allocated).</summary>
public sealed class FleetGauges(FleetOptions options, FleetDatabase database, IngestService ingest, IngestWriter writer, Hosting.Leadership leadership, TimeProvider time)
{
    public void WriteTo(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cutoff = Utc.Text(time.GetUtcNow().AddSeconds(-options.OfflineAfterSeconds));
        using var db = database.Open();
        text.Append("# TYPE ds_fleet_devices gauge\n");
        foreach (var (grp, online, count) in db.Query<(string Grp, long Online, long Count)>("""
            SELECT coalesce(g.grp, '') AS grp, sum(CASE WHEN d.state = 'online' AND d.last_seen >= @cutoff THEN 1 ELSE 0 END) AS online, count(*) AS count
            FROM devices d LEFT JOIN device_groups g ON g.device = d.id GROUP BY coalesce(g.grp, '')
            """, new { cutoff }))
        {
            text.Append(CultureInfo.InvariantCulture, $"ds_fleet_devices{{group=\"{FleetCounters.Label(grp)}\",state=\"online\"}} {online}\n");
            text.Append(CultureInfo.InvariantCulture, $"ds_fleet_devices{{group=\"{FleetCounters.Label(grp)}\",state=\"offline\"}} {count - online}\n");
        }

        text.Append("# TYPE ds_fleet_devices_by_model gauge\n");
        foreach (var (model, count) in db.Query<(string Model, long Count)>("SELECT coalesce(model, '') AS Model, count(DISTINCT device) AS Count FROM device_cameras GROUP BY model"))
            text.Append(CultureInfo.InvariantCulture, $"ds_fleet_devices_by_model{{model=\"{FleetCounters.Label(model)}\"}} {count}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_dead_letters gauge\nds_fleet_dead_letters {db.ExecuteScalar<long>("SELECT count(*) FROM dead_letters")}\n");
        var (captures, captureBytes) = db.QuerySingle<(long, long?)>("SELECT count(*), CAST(sum(image_bytes) AS BIGINT) FROM captures");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_captures_stored gauge\nds_fleet_captures_stored {captures}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_capture_stored_bytes gauge\nds_fleet_capture_stored_bytes {captureBytes ?? 0}\n");
        WriteRollouts(db, text);
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_ingest_queue gauge\nds_fleet_ingest_queue {ingest.Queue.Reader.Count}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_leader gauge\nds_fleet_leader {(leadership.IsLeader ? 1 : 0)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_ingest_lag_seconds gauge\nds_fleet_ingest_lag_seconds {writer.LastLagSeconds.ToString("0.###", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_working_set_bytes gauge\nds_fleet_working_set_bytes {Environment.WorkingSet}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_gc_heap_bytes gauge\nds_fleet_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE ds_fleet_gc_allocated_bytes_total counter\nds_fleet_gc_allocated_bytes_total {GC.GetTotalAllocatedBytes()}\n");
    }

    private static readonly string[] RolloutStates = ["running", "paused", "aborting", "completed", "aborted"];
    private static readonly string[] RolloutDeviceStates = ["pending", "notified", "applied", "healthy", "unhealthy", "failed", "timed_out"];

    /// <summary>Rollouts by state, and the devices of the rollouts under way (running or paused) by state; every state present, zero or not.</summary>
    private static void WriteRollouts(System.Data.IDbConnection db, StringBuilder text)
    {
        var rollouts = db.Query<(string State, long Count)>("SELECT state, count(*) FROM rollouts GROUP BY state").ToDictionary(r => r.State, r => r.Count);
        text.Append("# TYPE ds_fleet_rollouts gauge\n");
        foreach (var state in RolloutStates.Union(rollouts.Keys))
            text.Append(CultureInfo.InvariantCulture, $"ds_fleet_rollouts{{state=\"{FleetCounters.Label(state)}\"}} {rollouts.GetValueOrDefault(state)}\n");
        var devices = db.Query<(string State, long Count)>("""
            SELECT d.state, count(*) FROM rollout_devices d JOIN rollouts r ON r.id = d.rollout_id
            WHERE r.state IN ('running', 'paused') GROUP BY d.state
            """).ToDictionary(r => r.State, r => r.Count);
        text.Append("# TYPE ds_fleet_rollout_devices gauge\n");
        foreach (var state in RolloutDeviceStates.Union(devices.Keys))
            text.Append(CultureInfo.InvariantCulture, $"ds_fleet_rollout_devices{{state=\"{FleetCounters.Label(state)}\"}} {devices.GetValueOrDefault(state)}\n");
    }
}
