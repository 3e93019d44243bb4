using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// The console's database: SQLite in WAL mode (one writer, many readers, a 5 s busy timeout) by default, or PostgreSQL when
/// the connection string says so (<see cref="DatabaseSetting"/>). Opens a pooled connection per unit of work;
/// <see cref="Migrate"/> applies <see cref="Migrations"/> at start, the same on both engines (<see cref="SqlDialect"/>).
/// </summary>
public sealed class FleetDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public FleetDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        Engine = DatabaseSetting.EngineOf(connectionString);
        Dialect = SqlDialect.Of(Engine);
        if (Engine == DatabaseEngine.Postgres)
        {
            var npgsql = new NpgsqlConnectionStringBuilder(DatabaseSetting.Npgsql(connectionString));
            if (npgsql.MaxAutoPrepare == 0) npgsql.MaxAutoPrepare = 64; // ingest runs the same few statements: parse and plan them once per connection
            _connectionString = npgsql.ConnectionString;
            _postgres = NpgsqlDataSource.Create(_connectionString);
            return;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        var file = builder.DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null) Directory.CreateDirectory(directory);
        }

        _connectionString = builder.ToString();
    }

    public DatabaseEngine Engine { get; }

    public SqlDialect Dialect { get; }

    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        SqliteFunctions.Register(connection);
        // A page cache of up to 32 MiB (2 MiB by default) holds the newest page of each device in every index ingest writes, and a
        // checkpoint every 8,192 pages (32 MiB of WAL, 1,000 pages by default) writes a page rewritten by several batches once.
        connection.Execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192;");
        return connection;
    }

    /// <summary>A PostgreSQL connection of its own, outside the pool (it holds session-level advisory locks), probed every 10 s when idle so a dead link shows; null on SQLite.</summary>
    public NpgsqlConnection? OpenDedicated()
    {
        if (_postgres is null) return null;
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Makes writers of one kind (<see cref="AdvisoryLocks"/>) take turns until the transaction ends: a transaction-level advisory
    /// lock on PostgreSQL; nothing on SQLite, whose transactions already start with the one write lock (BEGIN IMMEDIATE).
    /// </summary>
    public static void Serialize(IDbConnection db, IDbTransaction tx, long key)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db is NpgsqlConnection) db.Execute("SELECT pg_advisory_xact_lock(@key)", new { key }, tx);
    }

    /// <summary>Applies the migrations not yet applied, each in its own transaction; returns how many ran. Replicas starting together take turns.</summary>
    public int Migrate(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        using var connection = Open();
        if (Engine == DatabaseEngine.Sqlite) connection.Execute("PRAGMA journal_mode = WAL;");
        else connection.Execute("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLocks.Migrations });
        try
        {
            connection.Execute(Dialect.Translate("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
            var applied = connection.Query<long>("SELECT version FROM schema_migrations").ToHashSet();
            var ran = 0;
            foreach (var (version, name, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
            {
                using var transaction = connection.BeginTransaction();
                connection.Execute(Dialect.Translate(sql), transaction: transaction);
                connection.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = Utc.Text(DateTimeOffset.UtcNow) }, transaction);
                transaction.Commit();
                logger.LogInformation("database: migration {Version} ({Name}) applied on {Engine}", version, name, Engine);
                ran++;
            }

            return ran;
        }
        finally
        {
            if (Engine == DatabaseEngine.Postgres) connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLocks.Migrations });
        }
    }

    public void Dispose() => _postgres?.Dispose();
}

/// <summary>PostgreSQL advisory lock keys of the console (one namespace: "DSEF" in the high bytes).</summary>
public static class AdvisoryLocks
{
    private const long Namespace = 0x44534546L << 32;

    /// <summary>Schema migrations at start.</summary>
    public const long Migrations = Namespace | 1;

    /// <summary>The audit chain (and the desired-state versions it records).</summary>
    public const long Audit = Namespace | 2;

    /// <summary>Held for as long as a replica leads: it runs the rollout controller and retention.</summary>
    public const long Leader = Namespace | 3;
}

/// <summary>Times are stored as sortable UTC text (<c>2026-12-03T06:40:00.123Z</c>), so ranges compare as strings (byte order on both engines).</summary>
public static class Utc
{
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
