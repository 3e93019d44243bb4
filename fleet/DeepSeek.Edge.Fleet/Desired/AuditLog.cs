using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using DeepSeek.Edge.Fleet.Storage;

namespace DeepSeek.Edge.Fleet.Desired;

/// <summary>One audit entry as stored.</summary>
public sealed record AuditEntry(long Id, string Ts, string Actor, string Action, string Subject, string? BeforeJson, string? AfterJson,
    string? PayloadSha256, string PrevHash, string Hash);

/// <summary>
/// The append-only audit log of every change to desired state (actor, before, after, payload SHA-256), hash-chained: each
/// entry's hash covers its fields and the previous entry's hash, so editing or deleting a row breaks the chain from there on.
/// </summary>
public static class AuditLog
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static void Append(IDbConnection db, IDbTransaction tx, DateTimeOffset ts, string actor, string action, string subject,
        string? before, string? after, string? payloadSha256)
    {
        FleetDatabase.Serialize(db, tx, AdvisoryLocks.Audit); // replicas append one at a time, or the chain would fork
        var prev = db.ExecuteScalar<string?>("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", transaction: tx) ?? Genesis;
        var at = Utc.Text(ts);
        var hash = HashOf(prev, at, actor, action, subject, before, after, payloadSha256);
        db.Execute("""
            INSERT INTO audit_log (ts, actor, action, subject, before_json, after_json, payload_sha256, prev_hash, hash)
            VALUES (@at, @actor, @action, @subject, @before, @after, @payloadSha256, @prev, @hash)
            """, new { at, actor, action, subject, before, after, payloadSha256, prev, hash }, tx);
    }

    /// <summary>Null when the chain verifies; otherwise the id of the first entry that does not, and why.</summary>
    public static (long Id, string Reason)? Verify(IDbConnection db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var prev = Genesis;
        foreach (var e in db.Query<AuditEntry>("SELECT id, ts, actor, action, subject, before_json AS BeforeJson, after_json AS AfterJson, payload_sha256 AS PayloadSha256, prev_hash AS PrevHash, hash FROM audit_log ORDER BY id"))
        {
            if (e.PrevHash != prev) return (e.Id, $"entry {e.Id} does not follow the entry before it (an entry was removed or reordered)");
            if (HashOf(e.PrevHash, e.Ts, e.Actor, e.Action, e.Subject, e.BeforeJson, e.AfterJson, e.PayloadSha256) != e.Hash)
                return (e.Id, $"entry {e.Id} was changed after it was written (its hash does not match its fields)");
            prev = e.Hash;
        }

        return null;
    }

    private static string HashOf(string prev, string ts, string actor, string action, string subject, string? before, string? after, string? payload)
    {
        var text = string.Join('\u001f', prev, ts, actor, action, subject, before ?? "\u2400", after ?? "\u2400", payload ?? "\u2400");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
