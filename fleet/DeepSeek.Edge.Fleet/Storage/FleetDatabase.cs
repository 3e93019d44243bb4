using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// The console's database: SQLite in WAL mode (one writer, many readers, a 5 s busy timeout). Opens a connection per unit of
/// work; <see cref="Migrate"/> applies <see cref="Migrations"/> at start.
/// </summary>
public sealed class FleetDatabase
{
    private readonly string _connectionString;

    public FleetDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        var file = builder.DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null) Directory.CreateDirectory(directory);
        }

        _connectionString = builder.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
        return connection;
    }

    /// <summary>Applies the migrations not yet applied, each in its own transaction; returns how many ran.</summary>
    public int Migrate(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = connection.Query<int>("SELECT version FROM schema_migrations").ToHashSet();
        var ran = 0;
        foreach (var (version, name, sql) in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = Utc.Text(DateTimeOffset.UtcNow) }, transaction);
            transaction.Commit();
            logger.LogInformation("database: migration {Version} ({Name}) applied", version, name);
            ran++;
        }

        return ran;
    }
}

/// <summary>Times are stored as sortable UTC text (<c>2026-12-03T06:40:00.123Z</c>), so ranges compare as strings.</summary>
public static class Utc
{
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
