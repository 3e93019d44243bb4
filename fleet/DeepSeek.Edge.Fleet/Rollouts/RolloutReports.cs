using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Rollouts;

/// <summary>
/// Builds <see cref="RolloutReport"/>: each device's baseline (stored when it was notified) against its soak (stored when it
/// was judged; measured live while it soaks), and the means over the devices that have both: the new version against the
/// old on the same devices.
/// </summary>
public sealed class RolloutReports(FleetDatabase database, TimeProvider time)
{
    private sealed record RolloutRow(long Id, string Model, string Version, string? Grp, string State, long Wave, string? Reason, string? PreviousVersion,
        string CreatedAt, string CreatedBy, string UpdatedAt, string Request);

    /// <summary>The report, or null when there is no rollout <paramref name="id"/>.</summary>
    public RolloutReport? Build(long id)
    {
        using var db = database.Open();
        var r = db.QuerySingleOrDefault<RolloutRow>("""
            SELECT id, model, version, grp, state, wave, reason, previous_version AS PreviousVersion, created_at AS CreatedAt, created_by AS CreatedBy,
                updated_at AS UpdatedAt, request FROM rollouts WHERE id = @id
            """, new { id });
        if (r is null) return null;
        var request = JsonSerializer.Deserialize<RolloutRequest>(r.Request)!;
        var now = time.GetUtcNow();
        var devices = RolloutDeviceRows.Of(db, id).Select(d => new RolloutDeviceReport(d.Device, d.Wave, d.State, d.Reason, Time(d.NotifiedAt), Time(d.AppliedAt), Time(d.DecidedAt),
            d.Baseline, d.Soak ?? (d.State == "applied" && d.AppliedAt is { } applied
                ? RolloutHealth.Measure(db, d.Device, r.Model, r.Version, request.Cameras, Utc.Parse(applied), now) : null))).ToList();
        var both = devices.Where(d => d.Baseline is { Samples: > 0 } && d.Soak is { Samples: > 0 }).ToList();
        var comparison = new RolloutComparison(r.Version, both.Count, r.PreviousVersion, Mean(both.Select(d => d.Baseline!)), Mean(both.Select(d => d.Soak!)));
        var summary = new RolloutSummary(r.Id, r.Model, r.Version, r.State, r.Wave, Utc.Parse(r.CreatedAt), r.CreatedBy, Utc.Parse(r.UpdatedAt), r.Grp, r.Reason, r.PreviousVersion);
        return new RolloutReport(summary, devices, comparison);
    }

    private static HealthFigures? Mean(IEnumerable<HealthFigures> windows)
    {
        var list = windows.ToList();
        if (list.Count == 0) return null;
        static double? Avg(IEnumerable<double?> values) => values.OfType<double>().ToList() is { Count: > 0 } known ? known.Average() : null;
        return new HealthFigures(list.Sum(w => w.Samples), Avg(list.Select(w => w.Fps)), Avg(list.Select(w => w.DetectionsPerFrame)),
            Avg(list.Select(w => w.ErrorPct)), Avg(list.Select(w => w.UncertainPct)));
    }

    private static DateTimeOffset? Time(string? text) => text is null ? null : Utc.Parse(text);
}
