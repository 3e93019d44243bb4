using System.Security.Cryptography;
using System.Text;
using Dapper;
using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Mqtt;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Fleet.Desired;

/// <summary>A stored desired-state document: its topic, scope (device or group), target, version and payload (null: cleared).</summary>
public sealed record DesiredRow(string Topic, string Scope, string Target, long Version, string? Payload, string? Sha256, string UpdatedAt);

/// <summary>
/// The database is the source of truth for desired state: every change gets the next <c>version</c>, is written to the audit
/// log, and is published retained. <see cref="ReconcileAsync"/> republishes what the broker no longer holds.
/// </summary>
public sealed class DesiredStateService(FleetOptions options, FleetDatabase database, FleetBroker broker, DesiredStateMirror mirror, TimeProvider time)
{
    private readonly MqttTopics _topics = new(options.TopicPrefix, "fleet");

    public string TopicOf(string scope, string target)
    {
        if (!SafeName.IsValid(target)) throw new ArgumentException($"{scope} \"{target}\" is not a valid name: {SafeName.Rule}");
        return scope switch
        {
            "device" => new MqttTopics(options.TopicPrefix, target).DesiredState,
            "group" => _topics.GroupDesiredState(target),
            _ => throw new ArgumentException($"scope \"{scope}\" is neither device nor group"),
        };
    }

    public DesiredRow? Get(string scope, string target)
    {
        using var db = database.Open();
        return db.QuerySingleOrDefault<DesiredRow>(
            "SELECT topic, scope, target, version, payload, sha256, updated_at AS UpdatedAt FROM desired_documents WHERE topic = @topic", new { topic = TopicOf(scope, target) });
    }

    public IReadOnlyList<DesiredRow> List()
    {
        using var db = database.Open();
        return db.Query<DesiredRow>("SELECT topic, scope, target, version, payload, sha256, updated_at AS UpdatedAt FROM desired_documents ORDER BY topic").ToList();
    }

    /// <summary>Stores the next version of a document (models null: clear it), audits and publishes it; returns the stored row.</summary>
    public async Task<DesiredRow> SetAsync(string scope, string target, IReadOnlyList<DesiredModel>? models, string actor, CancellationToken cancellationToken)
    {
        var topic = TopicOf(scope, target);
        DesiredRow row;
        using (var db = database.Open())
        using (var tx = db.BeginTransaction())
        {
            FleetDatabase.Serialize(db, tx, AdvisoryLocks.Audit); // two replicas changing one document get consecutive versions
            var before = db.QuerySingleOrDefault<DesiredRow>(
                "SELECT topic, scope, target, version, payload, sha256, updated_at AS UpdatedAt FROM desired_documents WHERE topic = @topic", new { topic }, tx);
            var version = (before?.Version ?? 0) + 1;
            var payload = models is null ? null : ProtocolJson.WriteText(new DesiredStateDocument(version.ToString(System.Globalization.CultureInfo.InvariantCulture), models));
            var sha = payload is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
            var now = time.GetUtcNow();
            row = new DesiredRow(topic, scope, target, version, payload, sha, Utc.Text(now));
            db.Execute("""
                INSERT INTO desired_documents (topic, scope, target, version, payload, sha256, updated_at) VALUES (@Topic, @Scope, @Target, @Version, @Payload, @Sha256, @UpdatedAt)
                ON CONFLICT (topic) DO UPDATE SET version = excluded.version, payload = excluded.payload, sha256 = excluded.sha256, updated_at = excluded.updated_at
                """, row, tx);
            AuditLog.Append(db, tx, now, actor, models is null ? "desired.clear" : "desired.set", topic, before?.Payload, payload, sha);
            tx.Commit();
        }

        await PublishAsync(row, cancellationToken).ConfigureAwait(false);
        return row;
    }

    /// <summary>Republishes every stored document whose retained copy the broker does not hold (or holds in another version).</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        if (!broker.IsConnected || !mirror.Settled) return 0;
        var republished = 0;
        foreach (var row in List())
        {
            if (mirror.Matches(row.Topic, row.Sha256)) continue;
            await PublishAsync(row, cancellationToken).ConfigureAwait(false);
            republished++;
        }

        return republished;
    }

    private async Task PublishAsync(DesiredRow row, CancellationToken cancellationToken)
    {
        if (!broker.IsConnected) return; // The reconciler publishes it once the broker is back.
        var message = row.Payload is null ? ModelBroker.ClearRetained(row.Topic) : ModelBroker.RetainedJson(row.Topic, Encoding.UTF8.GetBytes(row.Payload));
        await broker.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
