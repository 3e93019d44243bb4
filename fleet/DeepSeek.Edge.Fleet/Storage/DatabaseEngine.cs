using Npgsql;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>The two databases the console runs on: SQLite (one box, the default) and PostgreSQL (several replicas).</summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which engine a <c>Database</c> setting names, and its connection string for that engine's driver: <c>postgres://</c> or
/// <c>postgresql://</c> URLs and Npgsql strings (<c>Host=…</c>) are PostgreSQL; anything else is a SQLite connection string.
/// </summary>
public static class DatabaseSetting
{
    public static DatabaseEngine EngineOf(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var text = connectionString.TrimStart();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return DatabaseEngine.Postgres;
        return text.Split(';').Any(part => part.Split('=', 2)[0].Trim() is var key
            && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)))
            ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;
    }

    /// <summary>An Npgsql connection string for a PostgreSQL setting (a URL is turned into keywords); throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static string Npgsql(string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        var text = setting.Trim();
        NpgsqlConnectionStringBuilder builder;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
                throw new ArgumentException("is not a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL");
            builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port };
            if (url.UserInfo.Length > 0)
            {
                var user = url.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(user[0]);
                if (user.Length == 2) builder.Password = Uri.UnescapeDataString(user[1]);
            }

            var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
            if (database.Length > 0) builder.Database = database;
            foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                var key = Uri.UnescapeDataString(kv[0]);
                try
                {
                    builder[key.Replace('_', ' ')] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
                }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"has the query option \"{key}\", which Npgsql does not know (use Npgsql keywords such as sslmode, timeout)");
                }
            }
        }
        else
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"is not an Npgsql connection string ({ex.Message})");
            }
        }

        if (string.IsNullOrEmpty(builder.Database)) throw new ArgumentException("names no database (postgres://…/DATABASE or Database=…)");
        return builder.ConnectionString;
    }
}
