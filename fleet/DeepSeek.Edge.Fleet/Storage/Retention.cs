using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Metrics;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// Deletes history older than <see cref="RetentionOptions"/> allows: raw samples, 1-minute and 1-hour rollups, events and dead
/// letters, then captures (<see cref="Captures.CaptureRetention"/>), in batches of <see cref="RetentionOptions.BatchSize"/> rows, each its own short transaction (on SQLite the one
/// writer lock is given back between batches, with a pause, so ingest is not held up). Counted per table in
/// <c>ds_fleet_retention_deleted_total</c>.
/// </summary>
public sealed class Retention(FleetOptions options, FleetDatabase database, Captures.CaptureRetention captures, FleetCounters counters, TimeProvider time)
{
    /// <summary>The pause between two delete batches, so ingest writes between them.</summary>
    internal static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(20);

    /// <summary>One sweep; returns the rows deleted per table.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var r = options.Retention;
        var now = time.GetUtcNow();
        string Before(double days) => Utc.Text(now - TimeSpan.FromDays(days));
        (string Table, string Label, string Where, string Cutoff)[] sweeps =
        [
            ("camera_samples", "camera_samples", "ts < @cutoff", Before(r.RawDays)),
            ("telemetry_samples", "telemetry_samples", "ts < @cutoff", Before(r.RawDays)),
            ("quality_samples", "quality_samples", "ts < @cutoff", Before(r.RawDays)),
            ("telemetry_rollups", "rollups_1m", "resolution = '1m' AND bucket < @cutoff", Before(r.MinuteDays)),
            ("telemetry_rollups", "rollups_1h", "resolution = '1h' AND bucket < @cutoff", Before(r.HourDays)),
            ("events", "events", "ts < @cutoff", Before(r.EventDays)),
            ("dead_letters", "dead_letters", "rx_ts < @cutoff", Before(r.DeadLetterDays)),
        ];
        var deleted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, label, where, cutoff) in sweeps)
        {
            var sql = database.Dialect.BatchDelete(table, where);
            long total = 0;
            while (true)
            {
                int count;
                using (var db = database.Open()) count = await db.ExecuteAsync(sql, new { cutoff, batch = r.BatchSize }).ConfigureAwait(false);
                total += count;
                if (count < r.BatchSize) break;
                await Task.Delay(PauseBetweenBatches, cancellationToken).ConfigureAwait(false);
            }

            deleted[label] = total;
            if (total > 0) counters.Add("ds_fleet_retention_deleted_total", total, $"table=\"{label}\"");
        }

        var swept = await captures.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (label, count) in new[] { ("captures", swept.Captures), ("capture_images", swept.Images), ("dataset_exports", swept.Exports) })
        {
            deleted[label] = count;
            if (count > 0) counters.Add("ds_fleet_retention_deleted_total", count, $"table=\"{label}\"");
        }

        if (swept.ImageBytes > 0) counters.Add("ds_fleet_retention_capture_bytes_deleted_total", swept.ImageBytes);
        counters.Add("ds_fleet_retention_runs_total");
        return deleted;
    }
}
