using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Storage;

namespace DeepSeek.Edge.Fleet.Http;

/// <summary>One row of the device list.</summary>
public sealed class DeviceRow
{
    public string Id { get; set; } = "";
    public string State { get; set; } = "";
    public bool Online { get; set; }
    public string? Reason { get; set; }
    public string? AgentVersion { get; set; }
    public string LastSeen { get; set; } = "";
    public double? Fps { get; set; }
    public double? CpuPercent { get; set; }
    public double? TemperatureC { get; set; }
    public string? Problem { get; set; }
    public string Groups { get; set; } = "[]";
    public string? Models { get; set; }
}

/// <summary>A page of devices and how many match in all.</summary>
public sealed record DevicePage(long Total, int Page, int PageSize, IReadOnlyList<DeviceRow> Items);

/// <summary>The read side of devices: server-side paging and filters (status, group, model version, text), the overview.</summary>
public sealed class DeviceQueries(FleetOptions options, FleetDatabase database, TimeProvider time)
{
    public DevicePage List(string? status, string? group, string? model, string? text, int page, int pageSize)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var cutoff = Utc.Text(time.GetUtcNow().AddSeconds(-options.OfflineAfterSeconds));
        var where = new List<string>();
        if (status == "online") where.Add("d.state = 'online' AND d.last_seen >= @cutoff");
        else if (status == "offline") where.Add("(d.state <> 'online' OR d.last_seen < @cutoff)");
        else if (status == "problem") where.Add("d.problem IS NOT NULL");
        if (!string.IsNullOrEmpty(group)) where.Add("EXISTS (SELECT 1 FROM device_groups g WHERE g.device = d.id AND g.grp = @group)");
        if (!string.IsNullOrEmpty(model)) where.Add("EXISTS (SELECT 1 FROM device_cameras c WHERE c.device = d.id AND c.model = @model)");
        if (!string.IsNullOrEmpty(text)) where.Add("lower(d.id) LIKE lower(@like) ESCAPE '\\'");
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var args = new { cutoff, group, model, like = "%" + (text ?? "").Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%", limit = pageSize, offset = (page - 1) * pageSize };
        using var db = database.Open();
        var total = db.ExecuteScalar<long>($"SELECT count(*) FROM devices d {filter}", args);
        var items = db.Query<DeviceRow>($"""
            SELECT d.id, d.state, (d.state = 'online' AND d.last_seen >= @cutoff) AS Online, d.reason, d.agent_version AS AgentVersion,
                   d.last_seen AS LastSeen, d.fps, d.cpu_percent AS CpuPercent, d.temperature_c AS TemperatureC, d.problem, d.groups_json AS Groups,
                   (SELECT string_agg(c.camera || '=' || coalesce(c.model, ''), ' ') FROM device_cameras c WHERE c.device = d.id) AS Models
            FROM devices d {filter} ORDER BY d.id LIMIT @limit OFFSET @offset
            """, args).ToList();
        return new DevicePage(total, page, pageSize, items);
    }

    public object Overview()
    {
        var cutoff = Utc.Text(time.GetUtcNow().AddSeconds(-options.OfflineAfterSeconds));
        using var db = database.Open();
        var online = db.ExecuteScalar<long>("SELECT count(*) FROM devices WHERE state = 'online' AND last_seen >= @cutoff", new { cutoff });
        var total = db.ExecuteScalar<long>("SELECT count(*) FROM devices");
        var versions = db.Query<(string Model, long Devices)>(
            "SELECT coalesce(model, '(none)') AS Model, count(DISTINCT device) AS Devices FROM device_cameras GROUP BY model ORDER BY Devices DESC").ToList();
        var problems = db.Query<(string Id, string Problem)>("SELECT id, problem FROM devices WHERE problem IS NOT NULL ORDER BY id LIMIT 50").ToList();
        var deadLetters = db.ExecuteScalar<long>("SELECT count(*) FROM dead_letters");
        return new
        {
            devices = total, online, offline = total - online, dead_letters = deadLetters,
            versions = versions.Select(v => new { model = v.Model, devices = v.Devices }),
            problems = problems.Select(p => new { device = p.Id, problem = p.Problem }),
        };
    }

    public object? Device(string id)
    {
        using var db = database.Open();
        var device = db.QuerySingleOrDefault("SELECT * FROM devices WHERE id = @id", new { id });
        if (device is null) return null;
        var cameras = db.Query("SELECT * FROM device_cameras WHERE device = @id ORDER BY camera", new { id }).ToList();
        var rollup = db.Query("""
            SELECT camera, bucket, samples, fps_sum / samples AS fps_avg, fps_min, fps_max, frames_dropped FROM telemetry_rollups
            WHERE resolution = '1m' AND device = @id ORDER BY bucket DESC LIMIT 240
            """, new { id }).ToList();
        // CPU and temperature per minute over the same 4 hours, from the raw samples (kept 7 days; the rollups are per camera).
        var since = Utc.Text(time.GetUtcNow().AddHours(-4));
        var health = db.Query("""
            SELECT substr(ts, 1, 16) AS minute, avg(cpu_percent) AS cpu_percent, avg(temperature_c) AS temperature_c FROM telemetry_samples
            WHERE device = @id AND rx_ts >= @since GROUP BY substr(ts, 1, 16) ORDER BY minute
            """, new { id, since }).ToList();
        var events = db.Query("SELECT epoch, seq, ts, camera, label, score, model, kind, snapshot IS NOT NULL AS has_snapshot FROM events WHERE device = @id ORDER BY ts DESC LIMIT 50", new { id }).ToList();
        return new { device, cameras, telemetry_1m = rollup, health_1m = health, events };
    }
}
