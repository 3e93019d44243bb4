using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Storage;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Keeps captures within <see cref="RetentionOptions.CaptureDays"/> and <see cref="RetentionOptions.CaptureGigabytes"/>: older
/// captures go, then the oldest until the image bytes fit; each batch (metadata, detections, export links) is one short
/// transaction, and an image file goes once no capture names it. A capture in a dataset export that a model's lineage names
/// is kept, whatever its age: it is what that model was trained on. Export records that no lineage names go after
/// <see cref="RetentionOptions.ExportDays"/>.
/// </summary>
public sealed class CaptureRetention(FleetOptions options, FleetDatabase database, CaptureImages images, TimeProvider time)
{
    /// <summary>How long an image file must have been left alone before it is removed (ingest touches one it stores again).</summary>
    public static readonly TimeSpan ImageQuiet = TimeSpan.FromMinutes(10);

    private const string Unprotected = """
        NOT EXISTS (SELECT 1 FROM dataset_export_captures e JOIN model_lineage l ON l.dataset = e.export_id WHERE e.capture_id = c.id)
        """;

    private const string Unlinked = "id NOT IN (SELECT dataset FROM model_lineage WHERE dataset IS NOT NULL)";

    public sealed record Swept(long Captures, long Images, long ImageBytes, long Exports);

    public async Task<Swept> RunOnceAsync(CancellationToken cancellationToken)
    {
        var r = options.Retention;
        var now = time.GetUtcNow();
        var tally = new Tally();

        var cutoff = Utc.Text(now - TimeSpan.FromDays(r.CaptureDays));
        while (Batch($"c.ts < @cutoff AND {Unprotected}", new { cutoff, batch = r.BatchSize }) is { Count: > 0 } old)
        {
            Delete(old, tally);
            if (old.Count < r.BatchSize) break;
            await Task.Delay(Retention.PauseBetweenBatches, cancellationToken).ConfigureAwait(false);
        }

        var budget = (long)(r.CaptureGigabytes * 1024 * 1024 * 1024);
        while (budget > 0 && StoredBytes() is var stored && stored > budget)
        {
            var oldest = Batch(Unprotected, new { batch = r.BatchSize });
            var over = stored - budget;
            var take = new List<Row>();
            long freed = 0;
            foreach (var row in oldest)
            {
                if (freed >= over) break;
                take.Add(row);
                freed += row.Bytes;
            }

            if (take.Count == 0) break;
            Delete(take, tally);
            await Task.Delay(Retention.PauseBetweenBatches, cancellationToken).ConfigureAwait(false);
        }

        long exports;
        using (var db = database.Open())
        {
            var exportCutoff = Utc.Text(now - TimeSpan.FromDays(r.ExportDays));
            using var tx = db.BeginTransaction();
            var expired = $"SELECT id FROM dataset_exports WHERE created_at < @exportCutoff AND {Unlinked}";
            db.Execute($"DELETE FROM dataset_export_captures WHERE export_id IN ({expired})", new { exportCutoff }, tx);
            exports = db.Execute($"DELETE FROM dataset_exports WHERE created_at < @exportCutoff AND {Unlinked}", new { exportCutoff }, tx);
            tx.Commit();
        }

        return new Swept(tally.Captures, tally.Files, tally.Bytes, exports);
    }

    private sealed record Row(long Id, string Sha, long Bytes);

    private List<Row> Batch(string where, object parameters)
    {
        using var db = database.Open();
        return db.Query<Row>($"SELECT c.id AS Id, c.image_sha256 AS Sha, c.image_bytes AS Bytes FROM captures c WHERE {where} ORDER BY c.ts, c.id LIMIT @batch", parameters).ToList();
    }

    private long StoredBytes()
    {
        using var db = database.Open();
        return db.ExecuteScalar<long?>("SELECT CAST(sum(image_bytes) AS BIGINT) FROM captures") ?? 0;
    }

    private sealed class Tally
    {
        public long Captures, Files, Bytes;
    }

    /// <summary>Deletes the captures' rows in one transaction, then every image of theirs that no remaining capture names.</summary>
    private void Delete(IReadOnlyList<Row> rows, Tally tally)
    {
        using var db = database.Open();
        var ids = new DynamicParameters();
        var list = SqlList.Add(ids, "id", rows.Select(x => x.Id));
        using (var tx = db.BeginTransaction())
        {
            db.Execute($"DELETE FROM capture_detections WHERE capture_id IN {list}", ids, tx);
            db.Execute($"DELETE FROM dataset_export_captures WHERE capture_id IN {list}", ids, tx);
            db.Execute($"DELETE FROM captures WHERE id IN {list}", ids, tx);
            tx.Commit();
        }

        tally.Captures += rows.Count;
        foreach (var sha in rows.Select(x => x.Sha).Distinct(StringComparer.Ordinal))
        {
            if (db.ExecuteScalar<long?>("SELECT 1 FROM captures WHERE image_sha256 = @sha LIMIT 1", new { sha }) is not null) continue;
            var freed = images.Remove(sha, ImageQuiet, DateTime.UtcNow);
            if (freed == 0) continue;
            tally.Files++;
            tally.Bytes += freed;
        }
    }
}
