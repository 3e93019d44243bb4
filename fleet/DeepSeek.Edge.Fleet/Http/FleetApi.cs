using System.Text.Json.Nodes;
using Dapper;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Registry;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>A desired-state change: the models a device or group should run (empty list: none; null: clear the document).</summary>
public sealed record DesiredRequest(IReadOnlyList<DesiredModelRequest>? Models);

/// <summary>One model of a desired-state change: a registered version, optionally only for some cameras.</summary>
public sealed record DesiredModelRequest(string Name, string Version, IReadOnlyList<string>? Cameras = null, bool AllowDowngrade = false);

/// <summary>A UI login.</summary>
public sealed record LoginRequest(string Name, string Password);

/// <summary>The console's HTTP API (JSON, snake_case) and the static UI.</summary>
public static class FleetApi
{
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/login", (LoginRequest request, Users users, HttpContext http) =>
        {
            var who = users.Login(request.Name, request.Password);
            if (who is null) return Results.Json(new { error = "wrong user name or password" }, statusCode: 401);
            var token = users.CreateToken(who.Name, "session");
            http.Response.Cookies.Append(ApiAuth.Cookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps });
            return Results.Json(new { name = who.Name, role = who.Role.ToString().ToLowerInvariant() });
        });

        var api = app.MapGroup("/api");
        api.MapGet("/overview", (DeviceQueries q) => Results.Json(q.Overview())).Require(Role.Viewer);
        api.MapGet("/devices", (DeviceQueries q, string? status, string? group, string? model, int? page, int? page_size, HttpContext http) =>
            Results.Json(q.List(status, group, model, http.Request.Query["q"].FirstOrDefault(), page ?? 1, page_size ?? 50))).Require(Role.Viewer);
        api.MapGet("/devices/{id}", (string id, DeviceQueries q) =>
            !SafeName.IsValid(id) ? BadName("device", id) : q.Device(id) is { } d ? Results.Json(d) : Results.Json(new { error = $"no device \"{id}\"" }, statusCode: 404)).Require(Role.Viewer);
        api.MapPost("/devices/{id}/commands/{verb}", async (string id, string verb, HttpContext http, CommandRelay relay, CancellationToken ct) =>
        {
            if (!SafeName.IsValid(id)) return BadName("device", id);
            var args = http.Request.ContentLength > 0 ? (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct).ConfigureAwait(false)) as JsonObject : null;
            try
            {
                var answer = await relay.SendAsync(id, verb, args, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
                return Results.Json(new { verb = answer.Verb, ok = answer.Ok, result = answer.Result, error = answer.Error });
            }
            catch (TimeoutException)
            {
                return Results.Json(new { error = $"{id} did not answer {verb} within 10 s (offline, or not subscribed to commands)" }, statusCode: 504);
            }
            catch (ArgumentException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: 400);
            }
        }).Require(Role.Operator);

        api.MapGet("/models", (ModelRegistry registry) => Results.Json(registry.List())).Require(Role.Viewer);
        api.MapPost("/models", async (HttpContext http, ModelRegistry registry, Configuration.FleetOptions options) =>
        {
            if (!http.Request.HasFormContentType) return Results.Json(new { error = "send the signed package as multipart/form-data, field \"package\"" }, statusCode: 400);
            var form = await http.Request.ReadFormAsync().ConfigureAwait(false);
            var file = form.Files["package"] ?? form.Files.FirstOrDefault();
            if (file is null) return Results.Json(new { error = "no file in the upload; send the package in the field \"package\"" }, statusCode: 400);
            Directory.CreateDirectory(options.PackageDirectory);
            var temp = Path.Combine(options.PackageDirectory, $".upload-{Guid.NewGuid():N}");
            await using (var stream = File.Create(temp)) await file.CopyToAsync(stream).ConfigureAwait(false);
            try
            {
                return Results.Json(registry.Add(temp, http.Who().Name), statusCode: 201);
            }
            catch (PackageRefusedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: ex.Status);
            }
        }).Require(Role.Operator).DisableAntiforgery();
        app.MapGet("/packages/{file}", (string file, ModelRegistry registry) =>
        {
            var sha = file.EndsWith(".zip", StringComparison.Ordinal) ? file[..^4] : file;
            if (!Sha256Text.IsValid(sha)) return Results.NotFound();
            var path = registry.PathOf(sha.ToLowerInvariant());
            return File.Exists(path) ? Results.File(path, "application/zip", enableRangeProcessing: true) : Results.NotFound();
        });

        api.MapGet("/desired", (DesiredStateService desired) => Results.Json(desired.List())).Require(Role.Viewer);
        api.MapPut("/desired/{scope}/{target}", async (string scope, string target, DesiredRequest request, HttpContext http,
            DesiredStateService desired, ModelDistributor distributor, CancellationToken ct) =>
        {
            try
            {
                List<DesiredModel>? models = null;
                if (request.Models is not null)
                {
                    models = [];
                    foreach (var m in request.Models)
                        models.Add(await distributor.EnsurePublishedAsync(m.Name, m.Version, m.Cameras, m.AllowDowngrade, ct).ConfigureAwait(false));
                }

                var row = await desired.SetAsync(scope, target, models, http.Who().Name, ct).ConfigureAwait(false);
                return Results.Json(row);
            }
            catch (ArgumentException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: 400);
            }
            catch (PackageRefusedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: ex.Status);
            }
        }).Require(Role.Operator);

        api.MapPost("/rollouts", async (Rollouts.RolloutRequest request, HttpContext http, Rollouts.RolloutController rollouts, CancellationToken ct) =>
        {
            try
            {
                var id = await rollouts.CreateAsync(request, http.Who().Name, ct).ConfigureAwait(false);
                return Results.Json(new { id }, statusCode: 201);
            }
            catch (ArgumentException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: 400);
            }
            catch (PackageRefusedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: ex.Status);
            }
        }).Require(Role.Operator);
        api.MapGet("/rollouts", (FleetDatabase database) =>
        {
            using var db = database.Open();
            return Results.Json(db.Query("SELECT id, model, version, grp AS \"group\", state, wave, reason, previous_version, created_at, created_by, updated_at FROM rollouts ORDER BY id DESC LIMIT 100").ToList());
        }).Require(Role.Viewer);
        api.MapGet("/rollouts/{id:long}", (long id, Rollouts.RolloutReports reports) =>
            reports.Build(id) is { } report
                ? Results.Bytes(ProtocolJson.Write(report), "application/json")
                : Results.Json(new { error = $"no rollout {id}" }, statusCode: 404)).Require(Role.Viewer);
        api.MapPost("/rollouts/{id:long}/{action}", (long id, string action, HttpContext http, Rollouts.RolloutController rollouts) =>
        {
            try
            {
                rollouts.Control(id, action, http.Who().Name);
                return Results.Json(new { id, action });
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: 404);
            }
            catch (ArgumentException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: 409);
            }
        }).Require(Role.Operator);

        api.MapGet("/audit", (FleetDatabase database) =>
        {
            using var db = database.Open();
            return Results.Json(db.Query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 200").ToList());
        }).Require(Role.Viewer);
        api.MapGet("/audit/verify", (FleetDatabase database) =>
        {
            using var db = database.Open();
            return AuditLog.Verify(db) is { } broken
                ? Results.Json(new { ok = false, first_bad_id = broken.Id, reason = broken.Reason })
                : Results.Json(new { ok = true });
        }).Require(Role.Viewer);
        api.MapGet("/dead-letters", (FleetDatabase database) =>
        {
            using var db = database.Open();
            return Results.Json(db.Query("SELECT id, rx_ts, topic, reason, length(payload) AS bytes FROM dead_letters ORDER BY id DESC LIMIT 200").ToList());
        }).Require(Role.Viewer);

        app.MapGet("/metrics", (FleetCounters counters, FleetGauges gauges) =>
        {
            var text = new System.Text.StringBuilder();
            counters.WriteTo(text);
            gauges.WriteTo(text);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        app.MapGet("/healthz", (Mqtt.FleetBroker broker) => Results.Json(new { status = broker.IsConnected ? "ok" : "degraded", mqtt_connected = broker.IsConnected }));
    }

    private static IResult BadName(string what, string value) =>
        Results.Json(new { error = $"{what} \"{value.ReplaceLineEndings("\\n")}\" is not valid: {SafeName.Rule}" }, statusCode: 400);
}
