using System.Data;
using System.Text;
using System.Text.Json;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>What became of one message: stored, a duplicate (already stored), or a dead letter (with the reason).</summary>
public enum IngestOutcome
{
    Stored,
    Duplicate,
    DeadLetter,
    Ignored,
}

/// <summary>
/// Stores device messages inside the writer's transaction. The topic names the device and the kind; the payload must be that
/// kind's contract-2 document for that same device, or it becomes a dead letter with the reason. Messages that carry
/// <c>(epoch, seq)</c> are stored once: a redelivery is counted as a duplicate. Telemetry, nearly all of what devices send, is
/// stored a run at a time (<see cref="TelemetryBatch"/>); everything else one message at a time, in order. Used by one writer at a
/// time (it keeps the statements of the connection it was last given). <paramref name="rowsPerStatement"/> overrides the engine's
/// rows per multi-row statement (<see cref="StatementCache.MaxRows"/>; the <c>store</c> bench compares them).
/// </summary>
public sealed class IngestApplier(string prefix, Captures.CaptureIngest? captures = null, Action<byte[], byte[]>? onResponse = null, int? rowsPerStatement = null)
{
    private StatementCache? _statements;

    /// <summary>Stores one message (a batch of one).</summary>
    public (IngestOutcome Outcome, string? Reason) Apply(IDbConnection db, IDbTransaction tx, ReceivedMessage message) => ApplyAll(db, tx, [message])[0];

    /// <summary>
    /// Stores <paramref name="messages"/> in order and returns what became of each, by index. Consecutive telemetry samples are read
    /// and checked one by one (a bad one becomes a dead letter there), then stored together when the run ends: at the next message of
    /// another kind, or at the end. Each kind writes its own columns of the device row, so this gives what storing them one by one gives.
    /// </summary>
    public (IngestOutcome Outcome, string? Reason)[] ApplyAll(IDbConnection db, IDbTransaction tx, IReadOnlyList<ReceivedMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new (IngestOutcome, string?)[messages.Count];
        var run = new List<TelemetrySample>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException("a message is null", nameof(messages));
            if (DeviceTopic.TryParse(prefix, message.Topic, out var topic) && topic.Kind == DeviceTopicKind.Telemetry)
            {
                if (Read(db, tx, i, topic.Device, message, results) is { } sample) run.Add(sample);
                continue;
            }

            StoreRun(db, tx, run, results);
            results[i] = ApplyOne(db, tx, message);
        }

        StoreRun(db, tx, run, results);
        return results;
    }

    private void StoreRun(IDbConnection db, IDbTransaction tx, List<TelemetrySample> run, (IngestOutcome, string?)[] results)
    {
        if (run.Count == 0) return;
        TelemetryBatch.Store(tx, StatementsFor(db), run, results);
        run.Clear();
    }

    /// <summary>A telemetry message read and checked, with its derived figures; null when it became a dead letter (the reason at its index).</summary>
    private static TelemetrySample? Read(IDbConnection db, IDbTransaction tx, int index, string device, ReceivedMessage message, (IngestOutcome, string?)[] results)
    {
        try
        {
            var t = ProtocolJson.ReadDocument<TelemetryDocument>(message.Payload, "telemetry");
            SameDevice(t.Device, device);
            Captures.QualityRollups.Check(t);
            var cpu = t.Health?.CpuUsagePercent;
            var temperature = t.Health?.Temperatures is { Count: > 0 } temps ? temps.Max(x => x.Celsius) : (double?)null;
            var (minute, hour) = Buckets(t.Ts);
            var problem = t.Cameras.FirstOrDefault(c => c.State is "failed" or "reconnecting" or "degraded") is { } bad
                ? $"camera {bad.Name} {bad.State}" + (bad.LastError is null ? "" : $": {bad.LastError}") : t.Agent.Status == "ok" ? null : $"agent {t.Agent.Status}";
            return new TelemetrySample(index, t, Utc.Text(t.Ts), Utc.Text(message.RxTs), cpu, temperature, minute, hour, t.Cameras.Sum(c => c.FpsOut), problem);
        }
        catch (FormatException ex)
        {
            results[index] = DeadLetter(db, tx, message, ex.Message);
        }
        catch (Exception ex) when (ex is not (System.Data.Common.DbException or OperationCanceledException or IOException))
        {
            results[index] = DeadLetter(db, tx, message, $"could not be stored ({ex.GetType().Name}: {ex.Message})");
        }

        return null;
    }

    private (IngestOutcome Outcome, string? Reason) ApplyOne(IDbConnection db, IDbTransaction tx, ReceivedMessage message)
    {
        if (!DeviceTopic.TryParse(prefix, message.Topic, out var topic))
            return DeadLetter(db, tx, message, "the topic is not <prefix>/devices/<id>/<kind> with a valid device id");
        try
        {
            return topic.Kind switch
            {
                DeviceTopicKind.Status => Status(db, tx, topic.Device, message),
                DeviceTopicKind.Events => Event(db, tx, topic.Device, message),
                DeviceTopicKind.ReportedState => Reported(db, tx, topic.Device, message),
                DeviceTopicKind.ModelState => ModelState(db, tx, topic.Device, message),
                DeviceTopicKind.Responses => Response(message),
                DeviceTopicKind.Captures when captures is not null => (captures.Apply(db, tx, topic.Device, message), null),
                _ => (IngestOutcome.Ignored, null),
            };
        }
        catch (FormatException ex)
        {
            return DeadLetter(db, tx, message, ex.Message);
        }
        catch (Exception ex) when (ex is not (System.Data.Common.DbException or OperationCanceledException or IOException))
        {
            // (An IOException is the console's own disk, e.g. full while storing a capture's image: the writer retries the batch.)
            // Whatever a device sends must not stop ingest: anything unexpected is kept, with the reason, for a person to read.
            return DeadLetter(db, tx, message, $"could not be stored ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static (IngestOutcome, string?) Status(IDbConnection db, IDbTransaction tx, string device, ReceivedMessage message)
    {
        if (message.Payload.Length == 0) return (IngestOutcome.Ignored, null);
        var status = ProtocolJson.ReadDocument<StatusDocument>(message.Payload, "status");
        SameDevice(status.Device, device);
        Touch(db, tx, device, message.RxTs);
        db.Execute("""
            UPDATE devices SET state = @state, reason = @reason, agent_version = @version, started_at = @started, groups_json = @groups
            WHERE id = @device
            """, new
        {
            device, state = status.State, reason = status.Reason, version = status.AgentVersion, started = Utc.Text(status.StartedAt),
            groups = JsonSerializer.Serialize(status.Groups ?? []),
        }, tx);
        if (status.Groups is { } groups)
        {
            db.Execute("DELETE FROM device_groups WHERE device = @device", new { device }, tx);
            foreach (var grp in groups.Where(Models.Naming.SafeName.IsValid).Distinct(StringComparer.Ordinal))
                db.Execute("INSERT INTO device_groups (device, grp) VALUES (@device, @grp)", new { device, grp }, tx);
        }

        return (IngestOutcome.Stored, null);
    }

    /// <summary>The multi-row statements for this connection: made on its first telemetry run, kept for the rest of its batch.</summary>
    private StatementCache StatementsFor(IDbConnection db)
    {
        if (_statements?.Connection == db) return _statements;
        _statements?.Dispose();
        return _statements = new StatementCache(db, rowsPerStatement);
    }

    private static (IngestOutcome, string?) Event(IDbConnection db, IDbTransaction tx, string device, ReceivedMessage message)
    {
        var schema = ProtocolJson.SchemaOf(message.Payload);
        string epoch, camera, label, model, kind;
        long seq;
        double score;
        DateTimeOffset ts;
        string? snapshot;
        if (schema == Schemas.Trigger)
        {
            var t = ProtocolJson.ReadDocument<TriggerDocument>(message.Payload, "trigger");
            SameDevice(t.Device, device);
            (epoch, seq, ts, camera, model, kind, snapshot) = (t.Epoch, t.Seq, t.Ts, t.Camera, $"{t.Model.Name}@{t.Model.Version}", "trigger", t.SnapshotJpegBase64);
            var top = t.Detections.MaxBy(d => d.Score);
            (label, score) = (top?.Label ?? "", top?.Score ?? 0);
        }
        else
        {
            var e = ProtocolJson.ReadDocument<EventDocument>(message.Payload, "event");
            SameDevice(e.Device, device);
            (epoch, seq, ts, camera, model, kind, snapshot, label, score) =
                (e.Epoch, e.Seq, e.Ts, e.Camera, $"{e.Model.Name}@{e.Model.Version}", "detection", e.SnapshotJpegBase64, e.Label, e.Score);
        }

        Touch(db, tx, device, message.RxTs);
        byte[]? jpeg = null;
        if (snapshot is not null)
        {
            try
            {
                jpeg = Convert.FromBase64String(snapshot);
            }
            catch (FormatException)
            {
                throw new FormatException("event: snapshot_jpeg_base64 is not base64");
            }
        }

        var inserted = db.Execute("""
            INSERT INTO events (device, epoch, seq, ts, rx_ts, camera, label, score, model, kind, snapshot, payload)
            VALUES (@device, @epoch, @seq, @ts, @rx, @camera, @label, @score, @model, @kind, @jpeg, @payload) ON CONFLICT DO NOTHING
            """, new { device, epoch, seq, ts = Utc.Text(ts), rx = Utc.Text(message.RxTs), camera, label, score, model, kind, jpeg,
            payload = WithoutSnapshot(message.Payload) }, tx);
        return inserted == 0 ? (IngestOutcome.Duplicate, null) : (IngestOutcome.Stored, null);
    }

    private static (IngestOutcome, string?) Reported(IDbConnection db, IDbTransaction tx, string device, ReceivedMessage message)
    {
        if (message.Payload.Length == 0) return (IngestOutcome.Ignored, null);
        var r = ProtocolJson.ReadDocument<ReportedStateDocument>(message.Payload, "reported state");
        SameDevice(r.Device, device);
        Touch(db, tx, device, message.RxTs);
        SaveDocument(db, tx, device, "reported", message.Payload, r.Ts);
        foreach (var c in r.Cameras)
        {
            var (name, version) = SplitModel(c.Model);
            db.Execute("""
                INSERT INTO device_cameras (device, camera, state, model, model_name, model_version, provider, error)
                VALUES (@device, @camera, @state, @model, @name, @version, @provider, @error)
                ON CONFLICT (device, camera) DO UPDATE SET state = excluded.state, model = excluded.model, model_name = excluded.model_name,
                    model_version = excluded.model_version, provider = excluded.provider, error = excluded.error
                """, new { device, camera = c.Name, state = c.State, model = c.Model, name, version, provider = c.Provider, error = c.Error }, tx);
        }

        // Cameras no longer reported go (one by one: a list parameter is spelled differently by each engine's driver).
        var names = r.Cameras.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in db.Query<string>("SELECT camera FROM device_cameras WHERE device = @device", new { device }, tx).Where(c => !names.Contains(c)).ToList())
            db.Execute("DELETE FROM device_cameras WHERE device = @device AND camera = @gone", new { device, gone }, tx);
        return (IngestOutcome.Stored, null);
    }

    private static (IngestOutcome, string?) ModelState(IDbConnection db, IDbTransaction tx, string device, ReceivedMessage message)
    {
        if (message.Payload.Length == 0) return (IngestOutcome.Ignored, null);
        var m = ProtocolJson.ReadDocument<ModelStateDocument>(message.Payload, "model state");
        SameDevice(m.Device, device);
        Touch(db, tx, device, message.RxTs);
        SaveDocument(db, tx, device, "model_state", message.Payload, m.Ts);
        foreach (var (camera, u) in m.Cameras)
        {
            db.Execute("""
                INSERT INTO device_cameras (device, camera, update_state, update_version, update_reason, update_desired_version, update_ts)
                VALUES (@device, @camera, @state, @version, @reason, @desired, @ts)
                ON CONFLICT (device, camera) DO UPDATE SET update_state = excluded.update_state, update_version = excluded.update_version,
                    update_reason = excluded.update_reason, update_desired_version = excluded.update_desired_version, update_ts = excluded.update_ts
                """, new { device, camera, state = u.State, version = $"{u.Model}@{u.Version}", reason = u.Reason, desired = u.DesiredVersion, ts = Utc.Text(m.Ts) }, tx);
        }

        return (IngestOutcome.Stored, null);
    }

    private (IngestOutcome, string?) Response(ReceivedMessage message)
    {
        if (message.Correlation is null) return (IngestOutcome.Ignored, null);
        onResponse?.Invoke(message.Correlation, message.Payload);
        return (IngestOutcome.Stored, null);
    }

    private static void Touch(IDbConnection db, IDbTransaction tx, string device, DateTimeOffset rx)
    {
        var at = Utc.Text(rx);
        db.Execute("""
            INSERT INTO devices (id, state, first_seen, last_seen) VALUES (@device, 'online', @at, @at)
            ON CONFLICT (id) DO UPDATE SET last_seen = greatest(devices.last_seen, excluded.last_seen)
            """, new { device, at }, tx);
    }

    private static void SaveDocument(IDbConnection db, IDbTransaction tx, string device, string kind, byte[] payload, DateTimeOffset ts) =>
        db.Execute("""
            INSERT INTO device_documents (device, kind, payload, ts) VALUES (@device, @kind, @payload, @ts)
            ON CONFLICT (device, kind) DO UPDATE SET payload = excluded.payload, ts = excluded.ts WHERE excluded.ts >= device_documents.ts
            """, new { device, kind, payload = Encoding.UTF8.GetString(payload), ts = Utc.Text(ts) }, tx);

    public static (IngestOutcome, string?) DeadLetter(IDbConnection db, IDbTransaction tx, ReceivedMessage message, string reason)
    {
        db.Execute("INSERT INTO dead_letters (rx_ts, topic, reason, payload) VALUES (@rx, @topic, @reason, @payload)",
            new { rx = Utc.Text(message.RxTs), topic = message.Topic, reason, payload = message.Payload.Length > 65536 ? message.Payload[..65536] : message.Payload }, tx);
        return (IngestOutcome.DeadLetter, reason);
    }

    private static void SameDevice(string inPayload, string inTopic)
    {
        if (!string.Equals(inPayload, inTopic, StringComparison.Ordinal))
            throw new FormatException($"the payload says device \"{inPayload}\" but it came on device \"{inTopic}\"'s topic");
    }

    /// <summary><c>name@version</c> split; (null, null) when there is no model.</summary>
    public static (string? Name, string? Version) SplitModel(string? model)
    {
        if (string.IsNullOrEmpty(model)) return (null, null);
        var at = model.LastIndexOf('@');
        return at <= 0 ? (model, null) : (model[..at], model[(at + 1)..]);
    }

    /// <summary>The 1-minute and 1-hour rollup buckets a sample falls in.</summary>
    private static (string Minute, string Hour) Buckets(DateTimeOffset ts)
    {
        var utc = ts.UtcDateTime;
        return (Utc.Text(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero)),
            Utc.Text(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero)));
    }

    private static string WithoutSnapshot(byte[] payload)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        node.Remove("snapshot_jpeg_base64");
        return node.ToJsonString();
    }
}
