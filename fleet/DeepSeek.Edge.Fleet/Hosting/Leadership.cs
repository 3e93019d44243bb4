using Dapper;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeepSeek.Edge.Fleet.Hosting;

/// <summary>
/// Which replica runs the once-per-database work (the rollout controller, retention). On PostgreSQL: the holder of a
/// session-level advisory lock (<c>pg_try_advisory_lock</c>) on a connection of its own; when that replica dies its connection
/// goes, the server releases the lock and the next replica to ask takes over. The holder checks its connection before every
/// pass and stops leading the moment it is gone. On SQLite (one box): a lease row renewed every tick, taken over once expired.
/// </summary>
public sealed partial class Leadership(FleetOptions options, FleetDatabase database, FleetCounters counters, TimeProvider time, ILogger<Leadership> logger) : IDisposable
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);
    private readonly Lock _gate = new();
    private NpgsqlConnection? _connection;
    private volatile bool _leading;

    /// <summary>Whether this replica led at its last <see cref="TryLead"/>.</summary>
    public bool IsLeader => _leading;

    /// <summary>Leads now (taking the lead if it is free); false when another replica leads or the database cannot be reached.</summary>
    public bool TryLead()
    {
        lock (_gate)
        {
            var leading = database.Engine == DatabaseEngine.Postgres ? TryLock() : TryLease();
            if (leading != _leading)
            {
                counters.Add("ds_fleet_leadership_changes_total", 1, leading ? "change=\"gained\"" : "change=\"lost\"");
                if (leading) Gained(logger, options.EffectiveClientId);
                else Lost(logger, options.EffectiveClientId);
            }

            _leading = leading;
            return leading;
        }
    }

    private bool TryLock()
    {
        try
        {
            if (_connection is { State: System.Data.ConnectionState.Open } connection && _leading)
            {
                connection.ExecuteScalar<int>("SELECT 1"); // the lock lives as long as this session: check it is still there
                return true;
            }

            _connection ??= database.OpenDedicated()!;
            return _connection.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(@key)", new { key = AdvisoryLocks.Leader });
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            ConnectionLost(logger, ex.Message);
            DropConnection();
            return false;
        }
    }

    private bool TryLease()
    {
        using var db = database.Open();
        var now = time.GetUtcNow();
        return db.Execute("""
            INSERT INTO leases (name, holder, expires_at) VALUES ('rollouts', @me, @until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < @now
            """, new { me = options.EffectiveClientId, until = Utc.Text(now + LeaseTime), now = Utc.Text(now) }) > 0;
    }

    private void GiveBackLease()
    {
        try
        {
            using var db = database.Open();
            db.Execute("DELETE FROM leases WHERE name = 'rollouts' AND holder = @me", new { me = options.EffectiveClientId });
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The lease then runs out by itself.
        }
    }

    private void DropConnection()
    {
        try
        {
            _connection?.Dispose();
        }
        catch (NpgsqlException)
        {
        }

        _connection = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            DropConnection(); // closing the session releases the advisory lock at once
            if (_leading && database.Engine == DatabaseEngine.Sqlite) GiveBackLease();
            _leading = false;
        }
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "leadership: {Replica} now leads (runs rollouts and retention)")]
    private static partial void Gained(ILogger logger, string replica);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "leadership: {Replica} no longer leads")]
    private static partial void Lost(ILogger logger, string replica);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "leadership: the lock connection failed ({Error}); asking again next tick")]
    private static partial void ConnectionLost(ILogger logger, string error);
}
