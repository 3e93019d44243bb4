using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Registry;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Fleet.Rollouts;

/// <summary>
/// Staged rollouts as an idempotent tick over database state (a console restarted mid-rollout carries on where it was).
/// A rollout writes temporary device-level desired documents over the group's; per device: pending → notified → applied →
/// healthy / unhealthy (the health gate, <see cref="RolloutHealth"/>: its telemetry in the soak against its own baseline), or failed (the agent reported failed or rolled-back) or timed_out. A wave whose bad share of decided
/// devices passes the threshold aborts the rollout by itself: touched devices get their previous version back (a device
/// document allowing the downgrade, removed once they report it). Completing publishes the group document and removes the
/// device documents. With several consoles on one database only the leader ticks (<see cref="Hosting.Leadership"/>).
/// </summary>
public sealed class RolloutController(FleetOptions options, FleetDatabase database, DesiredStateService desired, ModelDistributor distributor, TimeProvider time,
    Hosting.Leadership leadership)
{
    public async Task<long> CreateAsync(RolloutRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        await distributor.EnsurePublishedAsync(request.Model, request.Version, request.Cameras, false, cancellationToken).ConfigureAwait(false);
        using var db = database.Open();
        var devices = request.Devices?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            ?? db.Query<string>("SELECT device FROM device_groups WHERE grp = @g ORDER BY device", new { g = request.Group }).ToList();
        if (devices.Count == 0) throw new ArgumentException(request.Group is null ? "no devices given" : $"group \"{request.Group}\" has no devices (they announce their groups in their status)");
        var ends = request.WaveEnds(devices.Count);
        var previous = request.Group is null ? null : GroupModels(request.Group).FirstOrDefault(m => m.Name == request.Model)?.Version;
        var now = Utc.Text(time.GetUtcNow());
        using var tx = db.BeginTransaction();
        var id = db.ExecuteScalar<long>("""
            INSERT INTO rollouts (model, version, grp, state, request, wave, wave_started_at, previous_version, created_at, created_by, updated_at)
            VALUES (@Model, @Version, @Group, 'running', @json, 0, @now, @previous, @now, @actor, @now) RETURNING id
            """, new { request.Model, request.Version, request.Group, json = JsonSerializer.Serialize(request), now, previous, actor }, tx);
        for (var i = 0; i < devices.Count; i++)
        {
            var wave = 0;
            while (i >= ends[wave]) wave++;
            db.Execute("INSERT INTO rollout_devices (rollout_id, device, wave, state) VALUES (@id, @device, @wave, 'pending')", new { id, device = devices[i], wave }, tx);
        }

        AuditLog.Append(db, tx, time.GetUtcNow(), actor, "rollout.create", $"rollout {id}", null, JsonSerializer.Serialize(request), null);
        tx.Commit();
        return id;
    }

    /// <summary>pause, resume or abort by hand.</summary>
    public void Control(long id, string action, string actor)
    {
        using var db = database.Open();
        var state = db.ExecuteScalar<string?>("SELECT state FROM rollouts WHERE id = @id", new { id }) ?? throw new KeyNotFoundException($"no rollout {id}");
        var next = (action, state) switch
        {
            ("pause", "running") => "paused",
            ("resume", "paused") => "running",
            ("abort", "running" or "paused") => "aborting",
            _ => throw new ArgumentException($"rollout {id} is {state}: it cannot {action}"),
        };
        using var tx = db.BeginTransaction();
        db.Execute("UPDATE rollouts SET state = @next, reason = coalesce(@reason, reason), updated_at = @now WHERE id = @id",
            new { id, next, reason = action == "abort" ? $"aborted by {actor}" : null, now = Utc.Text(time.GetUtcNow()) }, tx);
        AuditLog.Append(db, tx, time.GetUtcNow(), actor, "rollout." + action, $"rollout {id}", state, next, null);
        tx.Commit();
    }

    /// <summary>One pass over every active rollout; returns false when another console leads.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        if (!leadership.TryLead()) return false;
        List<(long Id, string State)> active;
        using (var db = database.Open())
            active = db.Query<(long, string)>("SELECT id, state FROM rollouts WHERE state IN ('running', 'aborting') ORDER BY id").ToList();
        foreach (var (id, state) in active)
        {
            if (state == "running") await AdvanceAsync(id, cancellationToken).ConfigureAwait(false);
            else await RevertAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task AdvanceAsync(long id, CancellationToken cancellationToken)
    {
        var (rollout, request) = Load(id);
        var now = time.GetUtcNow();
        IReadOnlyList<DesiredModel>? baseModels = null;
        DesiredModel? target = null;
        async Task<DesiredModel> Target() =>
            target ??= await distributor.EnsurePublishedAsync(request.Model, request.Version, request.Cameras, false, cancellationToken).ConfigureAwait(false);
        foreach (var d in Devices(id).Where(d => d.Wave == rollout.Wave))
        {
            switch (d.State)
            {
                case "pending":
                    baseModels ??= BaseModels(request);
                    var models = baseModels.Where(m => m.Name != request.Model).Append(await Target().ConfigureAwait(false)).ToList();
                    var row = await desired.SetAsync("device", d.Device, models, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
                    RecordBaseline(id, d.Device, request, now);
                    SetDevice(id, d.Device, "notified", null, ("notified_at", now), row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "notified":
                    var applied = Applied(d.Device, request, request.Version);
                    if (applied.Failed is { } failure) SetDevice(id, d.Device, "failed", failure, ("decided_at", now));
                    else if (applied.Done) SetDevice(id, d.Device, "applied", null, ("applied_at", now));
                    else if (now - Utc.Parse(d.NotifiedAt!) > TimeSpan.FromSeconds(request.ApplyTimeoutS))
                        SetDevice(id, d.Device, "timed_out", $"not applied within {request.ApplyTimeoutS:0} s", ("decided_at", now));
                    break;
                case "applied":
                    var check = Applied(d.Device, request, request.Version);
                    if (check.Failed is { } rolledBack) SetDevice(id, d.Device, "failed", rolledBack, ("decided_at", now));
                    else if (!check.Done) SetDevice(id, d.Device, "unhealthy", "no longer runs the new version", ("decided_at", now));
                    else if (now - Utc.Parse(d.AppliedAt!) >= TimeSpan.FromSeconds(request.SoakS))
                        JudgeSoak(id, d, request, now);
                    break;
            }
        }

        var wave = Devices(id).Where(d => d.Wave == rollout.Wave).ToList();
        var decided = wave.Count(d => d.State is "healthy" or "unhealthy" or "failed" or "timed_out");
        var bad = wave.Count(d => d.State is "unhealthy" or "failed" or "timed_out");
        if (decided >= request.MinDecided && bad * 100.0 / decided > request.MaxFailurePct)
        {
            var reasons = string.Join("; ", wave.Where(d => d.State is "unhealthy" or "failed" or "timed_out").Take(3).Select(d => $"{d.Device} {d.State}: {d.Reason}"));
            Finish(id, "aborting", $"wave {rollout.Wave + 1}: {bad} of {decided} decided devices bad ({bad * 100.0 / decided:0}% > {request.MaxFailurePct:0}%): {reasons}");
            return;
        }

        if (decided < wave.Count) return;
        var lastWave = Devices(id).Max(d => d.Wave);
        if (rollout.Wave < lastWave)
        {
            using var db = database.Open();
            db.Execute("UPDATE rollouts SET wave = wave + 1, wave_started_at = @now, state = @state, updated_at = @now WHERE id = @id",
                new { id, now = Utc.Text(now), state = request.PauseAfterWave ? "paused" : "running" });
            return;
        }

        if (request.Group is { } group)
        {
            var models = GroupModels(group).Where(m => m.Name != request.Model).Append(await Target().ConfigureAwait(false)).ToList();
            await desired.SetAsync("group", group, models, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var d in Devices(id).Where(d => d.State != "pending"))
            await desired.SetAsync("device", d.Device, null, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
        Finish(id, "completed", null);
    }

    private async Task RevertAsync(long id, CancellationToken cancellationToken)
    {
        var (rollout, request) = Load(id);
        var now = time.GetUtcNow();
        foreach (var d in Devices(id))
        {
            if (d.State == "pending")
            {
                SetDevice(id, d.Device, "skipped", "the rollout was aborted before this device's wave", ("decided_at", now));
            }
            else if (d.State is not ("reverting" or "reverted" or "skipped"))
            {
                if (rollout.PreviousVersion is { } previous)
                {
                    var models = BaseModels(request).Where(m => m.Name != request.Model).Append(
                        await distributor.EnsurePublishedAsync(request.Model, previous, request.Cameras, true, cancellationToken).ConfigureAwait(false)).ToList();
                    await desired.SetAsync("device", d.Device, models, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
                    SetDevice(id, d.Device, "reverting", d.Reason, ("decided_at", now));
                }
                else
                {
                    await desired.SetAsync("device", d.Device, null, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
                    SetDevice(id, d.Device, "reverted", d.Reason, ("decided_at", now));
                }
            }
            else if (d.State == "reverting" && (Applied(d.Device, request, rollout.PreviousVersion!).Done || now - Utc.Parse(d.DecidedAt!) > TimeSpan.FromSeconds(request.ApplyTimeoutS)))
            {
                await desired.SetAsync("device", d.Device, null, $"rollout:{id}", cancellationToken).ConfigureAwait(false);
                SetDevice(id, d.Device, "reverted", d.Reason, ("decided_at", now));
            }
        }

        if (Devices(id).All(d => d.State is "reverted" or "skipped")) Finish(id, "aborted", null);
    }

    /// <summary>The device's own telemetry before the rollout touched it, which its soak is judged against.</summary>
    private void RecordBaseline(long id, string device, RolloutRequest request, DateTimeOffset now)
    {
        using var db = database.Open();
        var baseline = RolloutHealth.Measure(db, device, request.Model, null, request.Cameras, now.AddSeconds(-request.BaselineS), now);
        RolloutDeviceRows.StoreBaseline(db, id, device, baseline);
    }

    /// <summary>The soak is over: offline, no telemetry on the new version (after a grace of apply_timeout_s), or the health gate's verdict.</summary>
    private void JudgeSoak(long id, RolloutDeviceRow d, RolloutRequest request, DateTimeOffset now)
    {
        if (!Online(d.Device))
        {
            SetDevice(id, d.Device, "unhealthy", "offline during the soak", ("decided_at", now));
            return;
        }

        var appliedAt = Utc.Parse(d.AppliedAt!);
        Protocol.Fleet.HealthFigures soak;
        using (var db = database.Open())
            soak = RolloutHealth.Measure(db, d.Device, request.Model, request.Version, request.Cameras, appliedAt, now);
        if (soak.Samples == 0)
        {
            if (now - appliedAt > TimeSpan.FromSeconds(request.SoakS + request.ApplyTimeoutS))
                SetDevice(id, d.Device, "unhealthy", $"no telemetry on {request.Model}@{request.Version} within {request.SoakS + request.ApplyTimeoutS:0} s of applying it", ("decided_at", now));
            return;
        }

        var verdict = RolloutHealth.Judge(request, d.Baseline ?? new Protocol.Fleet.HealthFigures(0), soak);
        using (var db = database.Open()) RolloutDeviceRows.StoreSoak(db, id, d.Device, soak);

        SetDevice(id, d.Device, verdict.Healthy ? "healthy" : "unhealthy", verdict.Reason, ("decided_at", now));
    }

    private (bool Done, string? Failed) Applied(string device, RolloutRequest request, string version)
    {
        using var db = database.Open();
        var cameras = db.Query<(string Camera, string? Name, string? Version, string? UpdateState, string? UpdateVersion, string? UpdateReason)>(
            "SELECT camera, model_name, model_version, update_state, update_version, update_reason FROM device_cameras WHERE device = @device", new { device })
            .Where(c => request.Cameras is null ? c.Name == request.Model || c.UpdateVersion?.StartsWith(request.Model + "@", StringComparison.Ordinal) == true : request.Cameras.Contains(c.Camera))
            .ToList();
        var failed = cameras.FirstOrDefault(c => c.UpdateState is "failed" or "rolled-back" && c.UpdateVersion == $"{request.Model}@{version}");
        if (failed.Camera is not null) return (false, $"camera {failed.Camera} {failed.UpdateState}: {failed.UpdateReason}");
        return (cameras.Count > 0 && cameras.All(c => c.Name == request.Model && c.Version == version), null);
    }

    private bool Online(string device)
    {
        using var db = database.Open();
        var cutoff = Utc.Text(time.GetUtcNow().AddSeconds(-options.OfflineAfterSeconds));
        return db.ExecuteScalar<long>("SELECT count(*) FROM devices WHERE id = @device AND state = 'online' AND last_seen >= @cutoff", new { device, cutoff }) > 0;
    }

    private IReadOnlyList<DesiredModel> BaseModels(RolloutRequest request) => request.Group is { } g ? GroupModels(g) : [];

    private IReadOnlyList<DesiredModel> GroupModels(string group) =>
        desired.Get("group", group) is { Payload: { } payload } ? DesiredStateDocument.Parse(System.Text.Encoding.UTF8.GetBytes(payload)).Models : [];

    private sealed record RolloutRow(long Id, string State, long Wave, string Request, string? PreviousVersion);

    private (RolloutRow Rollout, RolloutRequest Request) Load(long id)
    {
        using var db = database.Open();
        var row = db.QuerySingle<RolloutRow>("SELECT id, state, wave, request, previous_version AS PreviousVersion FROM rollouts WHERE id = @id", new { id });
        return (row, JsonSerializer.Deserialize<RolloutRequest>(row.Request)!);
    }

    private List<RolloutDeviceRow> Devices(long id)
    {
        using var db = database.Open();
        return RolloutDeviceRows.Of(db, id);
    }

    private void SetDevice(long id, string device, string state, string? reason, (string Column, DateTimeOffset At) stamp, string? documentVersion = null)
    {
        using var db = database.Open();
        db.Execute($"UPDATE rollout_devices SET state = @state, reason = @reason, {stamp.Column} = @at, document_version = coalesce(@documentVersion, document_version) WHERE rollout_id = @id AND device = @device",
            new { id, device, state, reason, at = Utc.Text(stamp.At), documentVersion });
        db.Execute("UPDATE rollouts SET updated_at = @at WHERE id = @id", new { id, at = Utc.Text(stamp.At) }); // progress shows in updated_at (the UI's live stream watches it)
    }

    private void Finish(long id, string state, string? reason)
    {
        using var db = database.Open();
        db.Execute("UPDATE rollouts SET state = @state, reason = coalesce(@reason, reason), updated_at = @now WHERE id = @id",
            new { id, state, reason, now = Utc.Text(time.GetUtcNow()) });
    }
}
