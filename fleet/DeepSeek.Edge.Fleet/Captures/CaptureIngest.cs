using System.Data;
using Dapper;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Stores one <c>deepseek-edge/capture/v1</c> document inside the writer's transaction: checked (names, sizes, boxes, a real
/// JPEG), the image content-addressed on disk (<see cref="CaptureImages"/>), the metadata and every detection in
/// <c>captures</c> / <c>capture_detections</c>, once per <c>(device, epoch, seq)</c>. A document that fails a check throws
/// <see cref="FormatException"/> naming the field, which the applier turns into a dead letter.
/// </summary>
public sealed class CaptureIngest(CaptureImages images, FleetCounters counters)
{
    private static readonly string[] Reasons = [CaptureDocument.BandReason, CaptureDocument.CommandReason, CaptureDocument.GpioReason];

    public IngestOutcome Apply(IDbConnection db, IDbTransaction tx, string device, ReceivedMessage message)
    {
        CaptureDocument c;
        byte[] jpeg;
        try
        {
            c = ProtocolJson.ReadDocument<CaptureDocument>(message.Payload, "capture");
            if (!string.Equals(c.Device, device, StringComparison.Ordinal))
                throw new FormatException($"capture: the payload says device \"{c.Device}\" but it came on device \"{device}\"'s topic");
            jpeg = Check(c);
        }
        catch (FormatException)
        {
            counters.Add("ds_fleet_captures_total", 1, "outcome=\"rejected\"");
            throw;
        }

        // The image goes first: a redelivered capture finds it there (same name), and a batch that rolls back leaves a file that
        // the retry reuses.
        var sha = images.Put(jpeg);
        var inserted = db.ExecuteScalar<long?>("""
            INSERT INTO captures (device, epoch, seq, ts, rx_ts, camera, frame, reason, model_name, model_version, model_precision, provider,
                frame_width, frame_height, image_width, image_height, jpeg_quality, image_sha256, image_bytes, payload_bytes, detections, max_score)
            VALUES (@device, @epoch, @seq, @ts, @rx, @camera, @frame, @reason, @name, @version, @precision, @provider,
                @fw, @fh, @iw, @ih, @quality, @sha, @bytes, @payload, @detections, @max)
            ON CONFLICT (device, epoch, seq) DO NOTHING
            RETURNING id
            """, new
        {
            device, epoch = c.Epoch, seq = c.Seq, ts = Utc.Text(c.Ts), rx = Utc.Text(message.RxTs), camera = c.Camera, frame = c.Frame, reason = c.Reason,
            name = c.Model.Name, version = c.Model.Version, precision = c.Model.Precision, provider = c.Model.Provider,
            fw = c.FrameSize[0], fh = c.FrameSize[1], iw = c.ImageSize[0], ih = c.ImageSize[1], quality = c.JpegQuality, sha, bytes = jpeg.Length,
            payload = message.Payload.Length, detections = c.Detections.Count, max = c.Detections.Count == 0 ? (double?)null : c.Detections.Max(d => d.Score),
        }, tx);
        if (inserted is not { } id)
        {
            counters.Add("ds_fleet_captures_total", 1, "outcome=\"duplicate\"");
            return IngestOutcome.Duplicate;
        }

        for (var i = 0; i < c.Detections.Count; i++)
        {
            var d = c.Detections[i];
            db.Execute("""
                INSERT INTO capture_detections (capture_id, idx, label, score, x, y, width, height)
                VALUES (@id, @i, @label, @score, @x, @y, @w, @h)
                """, new { id, i, label = d.Label, score = d.Score, x = d.Box[0], y = d.Box[1], w = d.Box[2], h = d.Box[3] }, tx);
        }

        counters.Add("ds_fleet_captures_total", 1, "outcome=\"stored\"");
        counters.Add("ds_fleet_capture_bytes_total", jpeg.Length);
        return IngestOutcome.Stored;
    }

    /// <summary>Everything a capture must be before it is stored; returns the decoded JPEG.</summary>
    private static byte[] Check(CaptureDocument c)
    {
        if (!SafeName.IsValid(c.Camera)) throw new FormatException($"capture: camera \"{c.Camera}\" is not valid: {SafeName.Rule}");
        if (!SafeName.IsValid(c.Model.Name)) throw new FormatException($"capture: model name \"{c.Model.Name}\" is not valid: {SafeName.Rule}");
        if (!SafeName.IsValid(c.Model.Version)) throw new FormatException($"capture: model version \"{c.Model.Version}\" is not valid: {SafeName.Rule}");
        if (!Reasons.Contains(c.Reason)) throw new FormatException($"capture: reason \"{c.Reason}\" is not one of {string.Join(", ", Reasons)}");
        if (c.Epoch.Length is 0 or > 128 || c.Seq < 0) throw new FormatException("capture: epoch must be 1-128 characters and seq at least 0");
        if (c.FrameSize.Count != 2 || c.FrameSize.Any(v => v <= 0)) throw new FormatException("capture: frame_size must be [width, height], both above 0");
        if (c.ImageSize.Count != 2 || c.ImageSize.Any(v => v <= 0)) throw new FormatException("capture: image_size must be [width, height], both above 0");
        if (c.JpegQuality is < 1 or > 100) throw new FormatException($"capture: jpeg_quality {c.JpegQuality} is not 1-100");
        foreach (var d in c.Detections)
        {
            if (d.Label.Length is 0 or > 128) throw new FormatException("capture: a detection's label must be 1-128 characters");
            if (d.Score is < 0 or > 1 || double.IsNaN(d.Score)) throw new FormatException($"capture: detection score {d.Score} is not within 0..1");
            if (d.Box.Count != 4 || d.Box.Any(v => !double.IsFinite(v)) || d.Box[2] < 0 || d.Box[3] < 0)
                throw new FormatException("capture: a detection's box must be [x, y, width, height] in frame pixels (finite, width and height at least 0)");
        }

        byte[] jpeg;
        try
        {
            jpeg = Convert.FromBase64String(c.JpegBase64);
        }
        catch (FormatException)
        {
            throw new FormatException("capture: jpeg_base64 is not base64");
        }

        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[^2] != 0xFF || jpeg[^1] != 0xD9)
            throw new FormatException("capture: jpeg_base64 is not a JPEG (no FFD8 start and FFD9 end markers)");
        return jpeg;
    }
}
