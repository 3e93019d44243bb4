using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DeepSeek.Edge.FleetBench;

/// <summary>The bench's own read-only look into the console's database (SQLite file or PostgreSQL): what was committed, and when it showed.</summary>
internal sealed class BenchDatabase(string connectionString, bool postgres)
{
    public static BenchDatabase Sqlite(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString(), postgres: false);

    public static BenchDatabase Postgres(string connectionString) => new(connectionString, postgres: true);

    public long Scalar(string sql, params (string Name, object Value)[] args)
    {
        using var db = Open();
        using var command = Command(db, sql, args);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    public List<(string Device, long Seq)> Samples(string sql, params (string Name, object Value)[] args)
    {
        using var db = Open();
        using var command = Command(db, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }

    public List<(string Ts, string RxTs)> Times(string sql, params (string Name, object Value)[] args)
    {
        using var db = Open();
        using var command = Command(db, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private DbConnection Open()
    {
        DbConnection db = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        db.Open();
        return db;
    }

    private static DbCommand Command(DbConnection db, string sql, (string Name, object Value)[] args)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
