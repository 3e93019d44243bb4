using System.Data;
using System.Globalization;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>Reads stored captures with their detections, oldest first from a cursor (the capture id), for the gallery, the trainer and exports.</summary>
public sealed class CaptureQueries(FleetDatabase database)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public CapturePage Page(CaptureFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit is < 1 or > MaxLimit) throw new ArgumentException($"limit {limit} is not 1-{MaxLimit}");
        using var db = database.Open();
        var items = Read(db, filter, limit);
        var next = items.Count == 0 ? filter.After : items[^1].Id;
        return new CapturePage(items, next.ToString(CultureInfo.InvariantCulture), items.Count == limit);
    }

    /// <summary>Up to <paramref name="limit"/> captures matching the filter, by id.</summary>
    public static IReadOnlyList<CaptureSummary> Read(IDbConnection db, CaptureFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, p) = filter.Sql();
        p.Add("limit", limit);
        var rows = db.Query<Row>($"""
            SELECT c.id AS Id, c.device AS Device, c.epoch AS Epoch, c.seq AS Seq, c.ts AS Ts, c.rx_ts AS RxTs, c.camera AS Camera, c.frame AS Frame,
                   c.reason AS Reason, c.model_name AS ModelName, c.model_version AS ModelVersion, c.model_precision AS ModelPrecision,
                   c.provider AS Provider, c.frame_width AS FrameWidth, c.frame_height AS FrameHeight, c.image_width AS ImageWidth,
                   c.image_height AS ImageHeight, c.image_sha256 AS ImageSha256, c.image_bytes AS ImageBytes
            FROM captures c WHERE {where} ORDER BY c.id LIMIT @limit
            """, p).ToList();
        if (rows.Count == 0) return [];
        var ids = new DynamicParameters();
        var idList = SqlList.Add(ids, "id", rows.Select(r => r.Id));
        var detections = db.Query<DetectionRow>($"""
            SELECT capture_id AS CaptureId, label AS Label, score AS Score, x AS X, y AS Y, width AS Width, height AS Height
            FROM capture_detections WHERE capture_id IN {idList} ORDER BY capture_id, idx
            """, ids).ToLookup(d => d.CaptureId);
        return rows.Select(r => new CaptureSummary(r.Id, r.Device, r.Epoch, r.Seq, Utc.Parse(r.Ts), Utc.Parse(r.RxTs), r.Camera, r.Frame, r.Reason,
            new CaptureModel(r.ModelName, r.ModelVersion, r.ModelPrecision, r.Provider), [(int)r.FrameWidth, (int)r.FrameHeight],
            [(int)r.ImageWidth, (int)r.ImageHeight], r.ImageSha256, r.ImageBytes, $"/api/captures/{r.Id}/image",
            detections[r.Id].Select(d => new DetectionItem(d.Label, d.Score, [d.X, d.Y, d.Width, d.Height])).ToList())).ToList();
    }

    /// <summary>The image SHA-256 of a capture, or null when there is no such capture.</summary>
    public string? ImageOf(long id)
    {
        using var db = database.Open();
        return db.QuerySingleOrDefault<string?>("SELECT image_sha256 FROM captures WHERE id = @id", new { id });
    }

    private sealed record Row(long Id, string Device, string Epoch, long Seq, string Ts, string RxTs, string Camera, long Frame, string Reason,
        string ModelName, string ModelVersion, string ModelPrecision, string Provider, long FrameWidth, long FrameHeight, long ImageWidth,
        long ImageHeight, string ImageSha256, long ImageBytes);

    private sealed record DetectionRow(long CaptureId, string Label, double Score, double X, double Y, double Width, double Height);
}
