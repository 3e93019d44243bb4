using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>
/// <c>GET /api/events/stream</c> (viewer): server-sent events telling the UI what changed, so it refreshes the open page at once
/// instead of polling. Once a second it compares a cheap fingerprint per topic with the one last sent and pushes
/// <c>event: devices</c> (a device's status, telemetry or reported state arrived), <c>rollouts</c> (a rollout or one of its
/// devices changed state), <c>events</c> (a new device event) or <c>audit</c> (a new audit entry), each with
/// <c>data: {"topic", "ts"}</c>; the first pass sends every topic. The client then reads the changed resource from the API.
/// </summary>
public static class EventStreamApi
{
    public const string Path = "/api/events/stream";
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, async (HttpContext http, FleetDatabase database, TimeProvider time, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // a proxy in front (nginx) passes each event on at once
            await http.Response.WriteAsync("retry: 2000\n\n", ct).ConfigureAwait(false);
            var sent = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    foreach (var (topic, fingerprint) in Fingerprints(database))
                    {
                        if (sent.TryGetValue(topic, out var last) && last == fingerprint) continue;
                        sent[topic] = fingerprint;
                        var data = JsonSerializer.Serialize(new { topic, ts = Utc.Text(time.GetUtcNow()) });
                        await http.Response.WriteAsync($"event: {topic}\ndata: {data}\n\n", ct).ConfigureAwait(false);
                    }

                    await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    await Task.Delay(Period, time, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }

            return Results.Empty;
        }).Require(Role.Viewer);
    }

    private static IEnumerable<(string Topic, string Fingerprint)> Fingerprints(FleetDatabase database)
    {
        using var db = database.Open();
        var row = db.QuerySingle<(string? Devices, long DeviceCount, string? Rollouts, string? Events, long? Audit)>("""
            SELECT (SELECT max(last_seen) FROM devices), (SELECT count(*) FROM devices), (SELECT max(updated_at) FROM rollouts),
                   (SELECT max(rx_ts) FROM events), (SELECT max(id) FROM audit_log)
            """);
        return
        [
            ("devices", $"{row.Devices}/{row.DeviceCount}"),
            ("rollouts", row.Rollouts ?? ""),
            ("events", row.Events ?? ""),
            ("audit", row.Audit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        ];
    }
}
