using Microsoft.Data.Sqlite;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// PostgreSQL's <c>greatest(a, b)</c> and <c>least(a, b)</c> on a SQLite connection, with the same meaning (NULL is ignored;
/// numbers by value, text in byte order), so a query that needs them is written once.
/// </summary>
internal static class SqliteFunctions
{
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<object?, object?, object?>("greatest", (a, b) => Pick(a, b, 1), isDeterministic: true);
        connection.CreateFunction<object?, object?, object?>("least", (a, b) => Pick(a, b, -1), isDeterministic: true);
    }

    private static object? Pick(object? a, object? b, int sign)
    {
        if (a is null or DBNull) return b;
        if (b is null or DBNull) return a;
        var order = (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (long x, long y) => x.CompareTo(y),
            _ when a is long or double && b is long or double => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture)
                .CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(b, System.Globalization.CultureInfo.InvariantCulture)),
        };
        return order * sign >= 0 ? a : b;
    }
}
