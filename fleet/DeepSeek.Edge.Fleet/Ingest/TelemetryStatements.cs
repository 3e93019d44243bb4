using System.Data;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>
/// The four statements a telemetry sample runs (the sample, each camera's sample, its 1-minute and 1-hour rollups, the device row),
/// each one command made once per connection and re-bound for every sample: SQLite parses a statement once per batch instead of
/// once per row, PostgreSQL's auto-prepare finds the same command, and no command or parameter objects are made per row.
/// Parameter types are fixed, so a null in the first row does not decide a parameter's type. One writer uses it at a time.
/// </summary>
internal sealed class TelemetryStatements : IDisposable
{
    private readonly IDbCommand _sample;
    private readonly IDbCommand _camera;
    private readonly IDbCommand _rollup;
    private readonly IDbCommand _device;

    public TelemetryStatements(IDbConnection connection)
    {
        Connection = connection;
        _sample = Command("""
            INSERT INTO telemetry_samples (device, epoch, seq, ts, rx_ts, agent_status, mqtt_connected, cpu_percent, temperature_c)
            VALUES (@device, @epoch, @seq, @ts, @rx, @status, @mqtt, @cpu, @temperature) ON CONFLICT DO NOTHING
            """, ("device", DbType.String), ("epoch", DbType.String), ("seq", DbType.Int64), ("ts", DbType.String), ("rx", DbType.String),
            ("status", DbType.String), ("mqtt", DbType.Int32), ("cpu", DbType.Double), ("temperature", DbType.Double));
        _camera = Command("""
            INSERT INTO camera_samples (device, epoch, seq, camera, ts, state, model, provider, frames_in, frames_processed, frames_dropped, fps)
            VALUES (@device, @epoch, @seq, @camera, @ts, @state, @model, @provider, @fin, @fproc, @fdrop, @fps)
            """, ("device", DbType.String), ("epoch", DbType.String), ("seq", DbType.Int64), ("camera", DbType.String), ("ts", DbType.String),
            ("state", DbType.String), ("model", DbType.String), ("provider", DbType.String), ("fin", DbType.Int64), ("fproc", DbType.Int64),
            ("fdrop", DbType.Int64), ("fps", DbType.Double));
        _rollup = Command("""
            INSERT INTO telemetry_rollups (resolution, device, camera, bucket, samples, fps_sum, fps_min, fps_max, frames_dropped)
            VALUES ('1m', @device, @camera, @minute, 1, @fps, @fps, @fps, @dropped), ('1h', @device, @camera, @hour, 1, @fps, @fps, @fps, @dropped)
            ON CONFLICT (resolution, device, camera, bucket) DO UPDATE SET samples = telemetry_rollups.samples + 1,
                fps_sum = telemetry_rollups.fps_sum + excluded.fps_sum, fps_min = least(telemetry_rollups.fps_min, excluded.fps_min),
                fps_max = greatest(telemetry_rollups.fps_max, excluded.fps_max),
                frames_dropped = greatest(telemetry_rollups.frames_dropped, excluded.frames_dropped)
            """, ("device", DbType.String), ("camera", DbType.String), ("minute", DbType.String), ("hour", DbType.String), ("fps", DbType.Double),
            ("dropped", DbType.Int64));
        _device = Command("""
            INSERT INTO devices (id, state, first_seen, last_seen, fps, cpu_percent, temperature_c, problem) VALUES (@device, 'online', @at, @at, @fps, @cpu, @temperature, @problem)
            ON CONFLICT (id) DO UPDATE SET last_seen = greatest(devices.last_seen, excluded.last_seen), fps = excluded.fps, cpu_percent = excluded.cpu_percent,
                temperature_c = excluded.temperature_c, problem = excluded.problem
            """, ("device", DbType.String), ("at", DbType.String), ("fps", DbType.Double), ("cpu", DbType.Double), ("temperature", DbType.Double),
            ("problem", DbType.String));
    }

    public IDbConnection Connection { get; }

    /// <summary>Inserts the sample unless its (device, epoch, seq) is there already; true when it was new.</summary>
    public bool InsertSample(IDbTransaction tx, string device, string epoch, long seq, string ts, string rx, string status, bool mqtt, double? cpu, double? temperature) =>
        Run(_sample, tx, device, epoch, seq, ts, rx, status, mqtt ? 1 : 0, cpu, temperature) > 0;

    public void InsertCamera(IDbTransaction tx, string device, string epoch, long seq, string camera, string ts, string state, string? model, string? provider,
        long framesIn, long framesProcessed, long framesDropped, double fps) =>
        Run(_camera, tx, device, epoch, seq, camera, ts, state, model, provider, framesIn, framesProcessed, framesDropped, fps);

    public void AddRollups(IDbTransaction tx, string device, string camera, string minute, string hour, double fps, long dropped) =>
        Run(_rollup, tx, device, camera, minute, hour, fps, dropped);

    public void UpsertDevice(IDbTransaction tx, string device, string at, double fps, double? cpu, double? temperature, string? problem) =>
        Run(_device, tx, device, at, fps, cpu, temperature, problem);

    public void Dispose()
    {
        _sample.Dispose();
        _camera.Dispose();
        _rollup.Dispose();
        _device.Dispose();
    }

    private IDbCommand Command(string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.DbType = type;
            command.Parameters.Add(p);
        }

        return command;
    }

    private static int Run(IDbCommand command, IDbTransaction tx, params object?[] values)
    {
        command.Transaction = tx;
        for (var i = 0; i < values.Length; i++) ((IDbDataParameter)command.Parameters[i]!).Value = values[i] ?? DBNull.Value;
        return command.ExecuteNonQuery();
    }
}
