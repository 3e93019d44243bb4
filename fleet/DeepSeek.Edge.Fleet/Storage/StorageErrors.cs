using Microsoft.Data.Sqlite;
using Npgsql;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>Whether a database error is about the data (the same statement fails again: permanent) or the moment (busy, deadlock, connection: try again).</summary>
public static class StorageErrors
{
    public static bool IsPermanent(Exception error) => error switch
    {
        // Classes 08 connection, 40 rollback (deadlock, serialization), 53 resources, 57 operator intervention, 58 system: retry.
        PostgresException pg => pg.SqlState.Length == 5 && pg.SqlState[..2] is not ("08" or "40" or "53" or "57" or "58"),
        NpgsqlException => false,
        // SQLITE_BUSY 5, SQLITE_LOCKED 6, SQLITE_NOMEM 7, SQLITE_IOERR 10, SQLITE_FULL 13, SQLITE_CANTOPEN 14: retry.
        SqliteException sqlite => sqlite.SqliteErrorCode is not (5 or 6 or 7 or 10 or 13 or 14),
        _ => false,
    };
}
