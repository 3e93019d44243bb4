using System.Data;
using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Registry;

/// <summary>
/// Links a registered version to what trained it, from its manifest's <c>lineage</c>: <c>dataset</c> (a dataset export id,
/// <c>ds-…</c>) and <c>parent</c> (the version it was trained from). A dataset the console did not export is kept as named
/// (the lineage then shows no export record); a lineage field of the wrong type refuses the upload.
/// </summary>
public static class LineageLinks
{
    public static (string? Dataset, string? Parent) Parse(JsonElement? lineage)
    {
        if (lineage is not { ValueKind: JsonValueKind.Object } l) return (null, null);
        return (Field(l, "dataset", v => v.Length is > 0 and <= 128 && !v.Any(char.IsControl), "an export id such as ds-20261203T120000Z-1a2b3c4d"),
            Field(l, "parent", SafeName.IsValid, SafeName.Rule));
    }

    public static void Link(IDbConnection db, IDbTransaction tx, string name, string version, (string? Dataset, string? Parent) link, DateTimeOffset now)
    {
        if (link is (null, null)) return;
        db.Execute("""
            INSERT INTO model_lineage (name, version, dataset, parent, linked_at) VALUES (@name, @version, @dataset, @parent, @at)
            ON CONFLICT (name, version) DO NOTHING
            """, new { name, version, dataset = link.Dataset, parent = link.Parent, at = Utc.Text(now) }, tx);
    }

    public static ModelLineage? Read(IDbConnection db, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.ExecuteScalar<long>("SELECT count(*) FROM models WHERE name = @name AND version = @version", new { name, version }) == 0) return null;
        var link = db.QuerySingleOrDefault<LinkRow>("SELECT dataset AS Dataset, parent AS Parent FROM model_lineage WHERE name = @name AND version = @version",
            new { name, version });
        var (dataset, parent) = (link?.Dataset, link?.Parent);
        DatasetExport? export = null;
        if (dataset is not null && db.QuerySingleOrDefault<ExportRow>("""
                SELECT id AS Id, created_at AS CreatedAt, created_by AS CreatedBy, format AS Format, annotations AS Annotations FROM dataset_exports WHERE id = @dataset
                """, new { dataset }) is { } e)
        {
            var captures = db.Query<long>("SELECT capture_id FROM dataset_export_captures WHERE export_id = @dataset ORDER BY capture_id", new { dataset }).ToList();
            export = new DatasetExport(e.Id, Utc.Parse(e.CreatedAt), e.CreatedBy, e.Format, e.Annotations, captures);
        }

        return new ModelLineage(name, version, dataset, parent, export);
    }

    private static string? Field(JsonElement lineage, string key, Func<string, bool> valid, string rule)
    {
        if (!lineage.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || !valid(value.GetString()!))
            throw new PackageRefusedException($"package refused: manifest lineage.{key} must be a string ({rule}); it is {value.GetRawText()}");
        return value.GetString();
    }

    private sealed record LinkRow(string? Dataset, string? Parent);

    private sealed record ExportRow(string Id, string CreatedAt, string CreatedBy, string Format, long Annotations);
}
