using System.Data;
using Dapper;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Fleet.Rollouts;

/// <summary>One device of a rollout as stored: its progress and its health before (<c>baseline_*</c>) and during the soak (<c>soak_*</c>).</summary>
public sealed record RolloutDeviceRow(string Device, long Wave, string State, string? Reason, string? NotifiedAt, string? AppliedAt, string? DecidedAt,
    HealthFigures? Baseline, HealthFigures? Soak);

/// <summary><c>rollout_devices</c> read and its health figures written, for the controller and the report alike.</summary>
public static class RolloutDeviceRows
{
    private sealed record Flat(string Device, long Wave, string State, string? Reason, string? NotifiedAt, string? AppliedAt, string? DecidedAt,
        long? BaselineSamples, double? BaselineFps, double? BaselineDetectionsPerFrame, double? BaselineErrorPct, double? BaselineUncertainPct,
        long? SoakSamples, double? SoakFps, double? SoakDetectionsPerFrame, double? SoakErrorPct, double? SoakUncertainPct);

    /// <summary>The rollout's devices in wave and device-id order (the order waves were drawn in).</summary>
    public static List<RolloutDeviceRow> Of(IDbConnection db, long id)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Query<Flat>("""
            SELECT device, wave, state, reason, notified_at AS NotifiedAt, applied_at AS AppliedAt, decided_at AS DecidedAt,
                baseline_samples AS BaselineSamples, baseline_fps AS BaselineFps, baseline_detections_per_frame AS BaselineDetectionsPerFrame,
                baseline_error_pct AS BaselineErrorPct, baseline_uncertain_pct AS BaselineUncertainPct,
                soak_samples AS SoakSamples, soak_fps AS SoakFps, soak_detections_per_frame AS SoakDetectionsPerFrame,
                soak_error_pct AS SoakErrorPct, soak_uncertain_pct AS SoakUncertainPct
            FROM rollout_devices WHERE rollout_id = @id ORDER BY wave, device
            """, new { id }).Select(d => new RolloutDeviceRow(d.Device, d.Wave, d.State, d.Reason, d.NotifiedAt, d.AppliedAt, d.DecidedAt,
                d.BaselineSamples is { } b ? new HealthFigures(b, d.BaselineFps, d.BaselineDetectionsPerFrame, d.BaselineErrorPct, d.BaselineUncertainPct) : null,
                d.SoakSamples is { } s ? new HealthFigures(s, d.SoakFps, d.SoakDetectionsPerFrame, d.SoakErrorPct, d.SoakUncertainPct) : null))
            .ToList();
    }

    public static void StoreBaseline(IDbConnection db, long id, string device, HealthFigures figures) => Store(db, id, device, "baseline", figures);

    public static void StoreSoak(IDbConnection db, long id, string device, HealthFigures figures) => Store(db, id, device, "soak", figures);

    private static void Store(IDbConnection db, long id, string device, string window, HealthFigures f)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Execute($"""
            UPDATE rollout_devices SET {window}_samples = @Samples, {window}_fps = @Fps, {window}_detections_per_frame = @DetectionsPerFrame,
                {window}_error_pct = @ErrorPct, {window}_uncertain_pct = @UncertainPct
            WHERE rollout_id = @id AND device = @device
            """, new { id, device, f.Samples, f.Fps, f.DetectionsPerFrame, f.ErrorPct, f.UncertainPct });
    }
}
