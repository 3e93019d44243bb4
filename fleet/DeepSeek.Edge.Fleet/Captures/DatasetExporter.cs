using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Fleet;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Dataset exports for the trainer: the captures a query selects, as a zip of <c>images/&lt;capture&gt;.jpg</c>, the
/// detections as pre-label annotations (COCO <c>annotations.json</c>, or YOLO <c>labels/&lt;capture&gt;.txt</c> with
/// <c>data.yaml</c>) and <c>manifest.json</c> (<see cref="DatasetManifest"/>). <see cref="Plan"/> chooses the captures and
/// records the export (id, query, capture ids) before a byte is sent, so a package's <c>lineage.dataset</c> can name it;
/// <see cref="Write"/> then streams the zip.
/// </summary>
public sealed partial class DatasetExporter(FleetDatabase database, CaptureImages images, FleetCounters counters, TimeProvider time)
{
    /// <summary>The most captures one export holds; narrow the query (time range, version) for more.</summary>
    public const int MaxCaptures = 50_000;

    [GeneratedRegex(@"\Ads-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\z")]
    private static partial Regex IdPattern();

    public static bool IsExportId(string? id) => id is not null && IdPattern().IsMatch(id);

    public sealed record ExportPlan(DatasetManifest Manifest, IReadOnlyList<Protocol.Fleet.CaptureSummary> Captures);

    public ExportPlan Plan(CaptureFilter filter, string format, string actor)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (format is not (DatasetManifest.Coco or DatasetManifest.Yolo))
            throw new ArgumentException($"format \"{format.ReplaceLineEndings("\\n")}\" is not coco or yolo");
        var now = time.GetUtcNow();
        var id = $"ds-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        using var db = database.Open();
        var captures = CaptureQueries.Read(db, filter with { After = 0, MinScore = null, MaxScore = null }, MaxCaptures + 1);
        if (captures.Count > MaxCaptures)
            throw new ArgumentException($"the query selects more than {MaxCaptures} captures; narrow it (from/to, version, labels) and export in parts");
        var labels = filter.Labels ?? captures.SelectMany(c => c.Detections).Select(d => d.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var items = captures.Select(c => new DatasetItem(c.Id, c.Device, c.Camera, c.Ts, c.Model.Name, c.Model.Version, ImageFile(c.Id), c.ImageSha256,
            c.ImageSize[0], c.ImageSize[1], c.Detections.Count(d => labels.Contains(d.Label) && Annotations.InImage(c, d) is not null))).ToList();
        var manifest = new DatasetManifest(id, now, actor, format, new DatasetQuery(filter.Model, filter.Version, filter.From, filter.To, filter.Labels), labels,
            captures.Select(c => c.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            captures.Select(c => $"{c.Model.Name}@{c.Model.Version}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), items);
        var manifestBytes = ProtocolJson.Write(manifest);
        using (var tx = db.BeginTransaction())
        {
            db.Execute("""
                INSERT INTO dataset_exports (id, created_at, created_by, format, query, captures, annotations, manifest_sha256)
                VALUES (@id, @at, @actor, @format, @query, @captures, @annotations, @sha)
                """, new
            {
                id, at = Utc.Text(now), actor, format, query = ProtocolJson.WriteText(manifest.Query),
                captures = items.Count, annotations = items.Sum(i => i.Annotations), sha = Convert.ToHexStringLower(SHA256.HashData(manifestBytes)),
            }, tx);
            foreach (var c in captures)
                db.Execute("INSERT INTO dataset_export_captures (export_id, capture_id) VALUES (@id, @capture)", new { id, capture = c.Id }, tx);
            tx.Commit();
        }

        counters.Add("ds_fleet_dataset_exports_total", 1, $"format=\"{format}\"");
        return new ExportPlan(manifest, captures);
    }

    /// <summary>Writes the export's zip to a (forward-only) stream: images, annotations, manifest.</summary>
    public void Write(ExportPlan plan, Stream output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var labels = plan.Manifest.Labels;
        foreach (var c in plan.Captures)
        {
            var entry = zip.CreateEntry(ImageFile(c.Id), CompressionLevel.NoCompression);
            using (var to = entry.Open())
            using (var from = File.OpenRead(images.PathOf(c.ImageSha256)))
                from.CopyTo(to);
            if (plan.Manifest.Format == DatasetManifest.Yolo)
            {
                using var text = new StreamWriter(zip.CreateEntry($"labels/{c.Id}.txt").Open());
                foreach (var line in Annotations.YoloLines(c, labels)) text.Write(line + "\n");
            }
        }

        if (plan.Manifest.Format == DatasetManifest.Coco)
        {
            using var json = zip.CreateEntry("annotations.json").Open();
            Annotations.WriteCoco(json, plan.Manifest, plan.Captures);
        }
        else
        {
            using var yaml = new StreamWriter(zip.CreateEntry("data.yaml").Open());
            yaml.Write(Annotations.YoloDataYaml(labels));
        }

        using (var manifest = zip.CreateEntry("manifest.json").Open())
            manifest.Write(ProtocolJson.Write(plan.Manifest));
    }

    private static string ImageFile(long capture) => $"images/{capture}.jpg";
}
