using System.Globalization;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Captures;
using DeepSeek.Edge.Fleet.Registry;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>
/// The trainer loop's HTTP API: captures (an incremental cursor, and their images), dataset exports (a zip streamed as it is
/// written), a registered version's lineage and model quality side by side. Payloads are contract documents
/// (<see cref="Protocol.Fleet"/>), written by <see cref="ProtocolJson"/> so they match their schemas in docs/schemas.
/// </summary>
public static class CaptureEndpoints
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        api.MapGet("/captures", (HttpContext http, CaptureQueries captures) => Guard(() =>
        {
            var filter = CaptureFilter.Parse(k => http.Request.Query[k].FirstOrDefault());
            var limit = http.Request.Query["limit"].FirstOrDefault() is { } l
                ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1 : CaptureQueries.DefaultLimit;
            return Document(captures.Page(filter, limit));
        })).Require(Role.Viewer);
        api.MapGet("/captures/{id:long}/image", (long id, CaptureQueries captures, CaptureImages images) =>
        {
            var sha = captures.ImageOf(id);
            if (sha is null) return Results.Json(new { error = $"no capture {id}" }, statusCode: 404);
            var path = images.PathOf(sha);
            return File.Exists(path) ? Results.File(path, "image/jpeg", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{sha}\""))
                : Results.Json(new { error = $"capture {id}'s image {sha}.jpg is missing from {images.Directory}" }, statusCode: 410);
        }).Require(Role.Viewer);

        api.MapGet("/datasets/export", async (HttpContext http, DatasetExporter exporter) =>
        {
            DatasetExporter.ExportPlan plan;
            try
            {
                var query = http.Request.Query;
                var format = query["format"].FirstOrDefault() ?? "coco";
                plan = exporter.Plan(CaptureFilter.Parse(k => k is "model" or "version" or "from" or "to" or "labels" ? query[k].FirstOrDefault() : null),
                    format, http.Who().Name);
            }
            catch (ArgumentException ex)
            {
                await Results.Json(new { error = ex.Message }, statusCode: 400).ExecuteAsync(http).ConfigureAwait(false);
                return;
            }

            http.Response.ContentType = "application/zip";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{plan.Manifest.Id}-{plan.Manifest.Format}.zip\"";
            http.Response.Headers["X-Dataset-Export"] = plan.Manifest.Id;
            // ZipArchive writes synchronously; the zip goes out as it is written (entries carry data descriptors), never whole in memory.
            http.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
            exporter.Write(plan, http.Response.Body);
            await http.Response.Body.FlushAsync().ConfigureAwait(false);
        }).Require(Role.Viewer);
        api.MapGet("/datasets/{id}", (string id, FleetDatabase database) =>
        {
            if (!DatasetExporter.IsExportId(id)) return Results.Json(new { error = $"\"{id.ReplaceLineEndings("\\n")}\" is not an export id (ds-<time>-<8 hex>)" }, statusCode: 400);
            using var db = database.Open();
            var row = Dapper.SqlMapper.QuerySingleOrDefault(db, "SELECT id, created_at, created_by, format, query, captures, annotations, manifest_sha256 FROM dataset_exports WHERE id = @id", new { id });
            return row is null ? Results.Json(new { error = $"no dataset export {id}" }, statusCode: 404) : Results.Json(row);
        }).Require(Role.Viewer);

        api.MapGet("/models/{name}/{version}/lineage", (string name, string version, FleetDatabase database) =>
        {
            if (!SafeName.IsValid(name) || !SafeName.IsValid(version)) return Results.Json(new { error = $"model name and version must be valid: {SafeName.Rule}" }, statusCode: 400);
            using var db = database.Open();
            return LineageLinks.Read(db, name, version) is { } lineage ? Document(lineage)
                : Results.Json(new { error = $"{name}@{version} is not in the registry" }, statusCode: 404);
        }).Require(Role.Viewer);
        api.MapGet("/models/{name}/quality", (string name, HttpContext http, ModelQuality quality, TimeProvider time) => Guard(() =>
        {
            if (!SafeName.IsValid(name)) throw new ArgumentException($"model \"{name.ReplaceLineEndings("\\n")}\" is not valid: {SafeName.Rule}");
            var versions = (http.Request.Query["versions"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var v in versions) if (!SafeName.IsValid(v)) throw new ArgumentException($"version \"{v.ReplaceLineEndings("\\n")}\" is not valid: {SafeName.Rule}");
            var filter = CaptureFilter.Parse(k => k is "from" or "to" ? http.Request.Query[k].FirstOrDefault() : null);
            var to = filter.To ?? time.GetUtcNow().AddMinutes(1);
            return Document(quality.Report(name, versions, filter.From ?? to.AddDays(-1), to));
        })).Require(Role.Viewer);
    }

    private static IResult Document<T>(T document) => Results.Bytes(ProtocolJson.Write(document), "application/json");

    private static IResult Guard(Func<IResult> handler)
    {
        try
        {
            return handler();
        }
        catch (ArgumentException ex)
        {
            return Results.Json(new { error = ex.Message }, statusCode: 400);
        }
    }
}
