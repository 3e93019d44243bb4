using System.Data;
using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Fleet.Storage;

/// <summary>
/// One <c>INSERT … VALUES (…), (…), … [ON CONFLICT …] [RETURNING …]</c> for many rows, written once for both engines. Rows go in
/// statements of the connection's most rows (<see cref="StatementCache.MaxRows"/>) and then of the powers of two that make up the
/// rest, so a table has a handful of statement texts (each parsed once per connection, and on PostgreSQL prepared once by
/// auto-prepare). Parameter types are fixed by column, so a null does not decide one.
/// </summary>
public sealed class MultiRowStatement
{
    /// <summary>
    /// Rows per statement on PostgreSQL: each statement is a round trip, so the more the better, up to what stays well inside its
    /// 65,535 parameters and plans quickly.
    /// </summary>
    public const int PostgresRows = 256;

    /// <summary>
    /// Rows per statement on SQLite: one. There is no round trip to save, and SQLite finds each named parameter by a linear search,
    /// so binding grows with the square of a statement's parameters: more rows per statement cost more than the statements they
    /// save (bench/README.md, <c>store</c>). SQLite still gains from the batch: one device row and one rollup row per bucket for
    /// all of a device's samples in it.
    /// </summary>
    public const int SqliteRows = 1;

    private readonly string _head;
    private readonly string _row;
    private readonly string _tail;
    private readonly DbType[] _types;
    private readonly string?[] _sql = new string?[PostgresRows + 1];

    /// <param name="head"><c>INSERT INTO t (a, b, …) VALUES</c></param>
    /// <param name="row">one row with <c>{0}</c>, <c>{1}</c>, … for its columns' values, in <paramref name="types"/>' order: <c>({0}, 'online', {1})</c></param>
    /// <param name="tail">what follows the rows: <c>ON CONFLICT …</c>, <c>RETURNING …</c>, or empty</param>
    public MultiRowStatement(string head, string row, string tail, params DbType[] types)
    {
        _head = head;
        _row = row;
        _tail = tail;
        _types = types;
    }

    public int Columns => _types.Length;

    /// <summary>
    /// Runs the statement over <paramref name="rows"/> (each <see cref="Columns"/> values, in order) on <paramref name="commands"/>' connection;
    /// <paramref name="read"/>, when given, gets each row the statement returns. Returns the rows the database reports as affected.
    /// </summary>
    public int Execute(StatementCache commands, IDbTransaction tx, IReadOnlyList<object?[]> rows, Action<IDataRecord>? read = null)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(rows);
        var affected = 0;
        var at = 0;
        while (at < rows.Count)
        {
            var left = rows.Count - at;
            var count = left >= commands.MaxRows ? commands.MaxRows : 1 << (31 - int.LeadingZeroCount(left));
            var command = commands.Get(this, count);
            command.Transaction = tx;
            var parameters = command.Parameters;
            for (var r = 0; r < count; r++)
            {
                var values = rows[at + r];
                if (values.Length != _types.Length) throw new ArgumentException($"a row has {values.Length} values; the statement takes {_types.Length}");
                for (var c = 0; c < values.Length; c++) ((IDbDataParameter)parameters[r * _types.Length + c]!).Value = values[c] ?? DBNull.Value;
            }

            if (read is null) affected += command.ExecuteNonQuery();
            else
            {
                using var reader = command.ExecuteReader();
                while (reader.Read()) read(reader);
                affected += reader.RecordsAffected;
            }

            at += count;
        }

        return affected;
    }

    /// <summary>A new command for <paramref name="rows"/> rows on <paramref name="connection"/>, its parameters typed and named <c>@pROW_COLUMN</c>.</summary>
    internal IDbCommand Create(IDbConnection connection, int rows)
    {
        var command = connection.CreateCommand();
        command.CommandText = _sql[rows] ??= Text(rows);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < _types.Length; c++)
            {
                var p = command.CreateParameter();
                p.ParameterName = Name(r, c);
                p.DbType = _types[c];
                command.Parameters.Add(p);
            }
        }

        return command;
    }

    private string Text(int rows)
    {
        var sql = new StringBuilder(_head).Append('\n');
        var names = new object[_types.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < names.Length; c++) names[c] = "@" + Name(r, c);
            sql.Append(r == 0 ? "" : ",\n").Append(string.Format(CultureInfo.InvariantCulture, _row, names));
        }

        return sql.Append('\n').Append(_tail).ToString();
    }

    private static string Name(int row, int column) => string.Create(CultureInfo.InvariantCulture, $"p{row}_{column}");
}

/// <summary>The commands of <see cref="MultiRowStatement"/>s made on one connection, kept for as long as it is used (one writer at a time).</summary>
/// <param name="connection">the connection</param>
/// <param name="maxRows">the most rows per statement; null: the engine's (<see cref="MultiRowStatement.PostgresRows"/>, <see cref="MultiRowStatement.SqliteRows"/>)</param>
public sealed class StatementCache(IDbConnection connection, int? maxRows = null) : IDisposable
{
    private readonly Dictionary<(MultiRowStatement, int), IDbCommand> _commands = [];

    public IDbConnection Connection { get; } = connection;

    /// <summary>The most rows one statement takes on this connection's engine.</summary>
    public int MaxRows { get; } = maxRows is { } rows ? Math.Clamp(rows, 1, MultiRowStatement.PostgresRows)
        : connection is Npgsql.NpgsqlConnection ? MultiRowStatement.PostgresRows : MultiRowStatement.SqliteRows;

    public IDbCommand Get(MultiRowStatement statement, int rows)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (!_commands.TryGetValue((statement, rows), out var command)) _commands[(statement, rows)] = command = statement.Create(Connection, rows);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }
}
