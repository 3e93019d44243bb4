using System.Globalization;
using Dapper;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>
/// The writer stores telemetry a run at a time, with multi-row statements: a batch must leave the database exactly as storing its
/// messages one by one does, on both engines, with duplicates inside the batch and of earlier batches, a device that sends only
/// duplicates, other kinds of message between the samples, and a bad sample among them.
/// </summary>
[Collection(StorageEngines.Name)]
public sealed class IngestBatchTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tables =
    [
        "SELECT * FROM telemetry_samples ORDER BY device, epoch, seq",
        "SELECT * FROM camera_samples ORDER BY device, epoch, seq, camera",
        "SELECT * FROM telemetry_rollups ORDER BY resolution, device, camera, bucket",
        "SELECT * FROM devices ORDER BY id",
        "SELECT * FROM device_groups ORDER BY device, grp",
        "SELECT * FROM quality_samples ORDER BY device, epoch, seq, camera",
        "SELECT * FROM quality_rollups ORDER BY resolution, device, camera, model, version, bucket",
        "SELECT * FROM capture_counts ORDER BY device",
        "SELECT * FROM dead_letters ORDER BY id",
    ];

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public void ABatch_LeavesWhatStoringItsMessagesOneByOneLeaves_DuplicatesInsideItIncluded(string engine)
    {
        using var dir = new TempDirectory("dsfleet-batch");
        using var batched = Open(engine, dir.File("batched.db"));
        using var single = Open(engine, dir.File("single.db"));
        ReceivedMessage[] earlier = [Telemetry("box-a", 1, 25, 0), Telemetry("box-d", 1, 25, 1)];
        ReceivedMessage[] batch =
        [
            Telemetry("box-a", 1, 25, 10),            // stored by an earlier batch
            Telemetry("box-a", 2, 24.5, 11),
            Telemetry("box-b", 1, 12.5, 12, cameras: 2, quality: 1),
            Telemetry("box-a", 2, 24.5, 13),          // again in the same batch, arriving later
            Status("box-b", 14),                      // another kind between the samples
            Telemetry("box-b", 2, 12.25, 15, cameras: 2, quality: 2), // the same quality row twice in one sample
            Telemetry("box-c", 7, 30, 16),            // a device seen first here
            Message("dsedge/devices/box-e/telemetry", Payload(Sample("box-c", 8, 30, 17)), 17), // names another device: a dead letter
            Telemetry("box-d", 1, 25, 18),            // only duplicates from this device
            Telemetry("box-c", 7, 30, 19),
        ];

        var applier = new IngestApplier("dsedge");
        InOneTransaction(batched, db => applier.ApplyAll(db.Connection, db.Transaction, earlier));
        var outcomes = InOneTransaction(batched, db => applier.ApplyAll(db.Connection, db.Transaction, batch));
        foreach (var message in earlier) InOneTransaction(single, db => applier.Apply(db.Connection, db.Transaction, message));
        var oneByOne = batch.Select(m => InOneTransaction(single, db => applier.Apply(db.Connection, db.Transaction, m)).Outcome).ToArray();

        IngestOutcome[] expected =
        [
            IngestOutcome.Duplicate, IngestOutcome.Stored, IngestOutcome.Stored, IngestOutcome.Duplicate, IngestOutcome.Stored,
            IngestOutcome.Stored, IngestOutcome.Stored, IngestOutcome.DeadLetter, IngestOutcome.Duplicate, IngestOutcome.Duplicate,
        ];
        Assert.Equal(expected, oneByOne);
        Assert.Equal(expected, outcomes.Select(o => o.Outcome));
        foreach (var sql in Tables) Assert.Equal(Dump(single, sql), Dump(batched, sql));

        using var db = batched.Open();
        Assert.Equal(6, db.ExecuteScalar<long>("SELECT count(*) FROM telemetry_samples"));
        var a = db.QuerySingle<(string LastSeen, double Fps)>("SELECT last_seen AS LastSeen, fps AS Fps FROM devices WHERE id = 'box-a'");
        Assert.Equal((Utc.Text(T0.AddMilliseconds(13)), 24.5), a);
        Assert.Equal(Utc.Text(T0.AddMilliseconds(18)), db.ExecuteScalar<string>("SELECT last_seen FROM devices WHERE id = 'box-d'"));
        Assert.Equal(Utc.Text(T0.AddMilliseconds(16)), db.ExecuteScalar<string>("SELECT first_seen FROM devices WHERE id = 'box-c'"));
        Assert.Equal("camera cam1 failed: no signal", db.ExecuteScalar<string>("SELECT problem FROM devices WHERE id = 'box-b'"));
        Assert.Equal((2L, 49.5), db.QuerySingle<(long, double)>("SELECT samples, fps_sum FROM telemetry_rollups WHERE resolution = '1m' AND device = 'box-a'"));
        Assert.Equal(3, db.ExecuteScalar<long>("SELECT samples FROM quality_rollups WHERE resolution = '1h' AND device = 'box-b' AND camera = 'cam0'"));
        Assert.Equal(2, db.ExecuteScalar<long>("SELECT count(*) FROM quality_samples WHERE device = 'box-b'"));
        Assert.Equal(2, db.ExecuteScalar<long>("SELECT taken FROM capture_counts WHERE device = 'box-b'"));
    }

    [Theory, MemberData(nameof(StorageEngines.Both), MemberType = typeof(StorageEngines))]
    public void ABatchLargerThanOneStatement_StoresEverySampleOnce(string engine)
    {
        // 1,000 samples from 300 devices, more than one statement takes on either engine (16 rows on SQLite, 256 on PostgreSQL) and
        // not a multiple of either, so the last statements are smaller; every tenth sample sent twice.
        using var dir = new TempDirectory("dsfleet-batch");
        using var database = Open(engine, dir.File("fleet.db"));
        var batch = new List<ReceivedMessage>();
        for (var i = 0; i < 1000; i++)
        {
            var device = "box-" + (i % 300).ToString("000", CultureInfo.InvariantCulture);
            batch.Add(Telemetry(device, i / 300 + 1, 20, i));
            if (i % 10 == 0) batch.Add(Telemetry(device, i / 300 + 1, 20, i));
        }

        var outcomes = InOneTransaction(database, db => new IngestApplier("dsedge").ApplyAll(db.Connection, db.Transaction, batch));

        Assert.Equal(1000, outcomes.Count(o => o.Outcome == IngestOutcome.Stored));
        Assert.Equal(100, outcomes.Count(o => o.Outcome == IngestOutcome.Duplicate));
        using var db = database.Open();
        Assert.Equal(1000, db.ExecuteScalar<long>("SELECT count(*) FROM telemetry_samples"));
        Assert.Equal(1000, db.ExecuteScalar<long>("SELECT count(*) FROM camera_samples"));
        Assert.Equal(300, db.ExecuteScalar<long>("SELECT count(*) FROM devices"));
        Assert.Equal(1000, db.ExecuteScalar<long>("SELECT sum(samples) FROM telemetry_rollups WHERE resolution = '1h'"));
    }

    private FleetDatabase Open(string engine, string file)
    {
        var database = new FleetDatabase(StorageEngines.Database(engine, postgres) ?? $"Data Source={file}");
        database.Migrate(NullLogger.Instance);
        return database;
    }

    private static T InOneTransaction<T>(FleetDatabase database, Func<(System.Data.Common.DbConnection Connection, System.Data.Common.DbTransaction Transaction), T> work)
    {
        using var db = database.Open();
        using var tx = db.BeginTransaction();
        var result = work((db, tx));
        tx.Commit();
        return result;
    }

    private static List<string> Dump(FleetDatabase database, string sql)
    {
        using var db = database.Open();
        return db.Query(sql).Cast<IDictionary<string, object?>>().Select(row => string.Join(" | ", row.Select(c => c.Key + "=" + c.Value switch
        {
            byte[] bytes => Convert.ToBase64String(bytes),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture),
        }))).ToList();
    }

    private static ReceivedMessage Telemetry(string device, long seq, double fps, int ms, int cameras = 1, int quality = 0) =>
        Message($"dsedge/devices/{device}/telemetry", Payload(Sample(device, seq, fps, ms, cameras, quality)), ms);

    private static TelemetryDocument Sample(string device, long seq, double fps, int ms, int cameras = 1, int quality = 0)
    {
        var ts = T0.AddSeconds(1).AddMilliseconds(ms);
        var list = Enumerable.Range(0, cameras).Select(c => new CameraHealth("cam" + c.ToString(CultureInfo.InvariantCulture), "file:video.avi",
            c == 1 ? "failed" : "streaming", "faces@1.0.0", "cpu", seq * 25, seq * 25, c * seq, fps, c == 1 ? "no signal" : null)).ToList();
        return new TelemetryDocument(device, "e1", seq, ts, new AgentSummary("1.0.0", "ok", T0, 10, true), list,
            new DeviceHealth(ts, CpuUsagePercent: 40 + seq, Temperatures: [new TemperatureReading("thermal_zone0", "CPU-therm", 50 + seq)]))
        {
            Quality = quality == 0 ? null
                : Enumerable.Repeat(new QualitySample("cam0", "faces", "1.0.0", 10, 250, 20, 0.08, [0, 0, 0, 0, 0, 5, 5, 5, 5, 0], 3, 0.012, 0), quality).ToList(),
            Captures = quality == 0 ? null : new CaptureCounts(seq, 0, seq, new Dictionary<string, long> { ["hour_cap"] = seq }),
        };
    }

    private static ReceivedMessage Status(string device, int ms) => Message($"dsedge/devices/{device}/status",
        Payload(new StatusDocument(device, StatusDocument.Online, "1.0.0", T0) { Ts = T0, Groups = ["lobby"] }), ms);

    private static byte[] Payload<T>(T document) => ProtocolJson.Write(document);

    private static ReceivedMessage Message(string topic, byte[] payload, int ms) =>
        new(topic, payload, T0.AddMilliseconds(ms), false, null, () => Task.CompletedTask);
}
