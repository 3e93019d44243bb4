using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Fleet.Ingest;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Testing.Broker;
using DeepSeek.Edge.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// The writer's storing step alone, in this process: the ingest bench's telemetry (D devices, one camera each) in batches of
/// <see cref="IngestWriter.BatchSize"/> in device order, as the writer hands them over, stored by <see cref="IngestApplier.ApplyAll"/>
/// one transaction per batch into a fresh database for each rows-per-statement setting; two batches of warm-up first. No MQTT and
/// no acknowledgements: what the statements cost, and so which rows per statement suit each engine.
/// </summary>
internal static class StoreBench
{
    public static List<(string Target, int Rows, double Rate, double CpuMicroseconds)> Run(IngestTarget target, int[] rows, int devices, int batches, Func<PostgresServer> postgres)
    {
        var results = new List<(string, int, double, double)>();
        var started = DateTimeOffset.UtcNow;
        foreach (var perStatement in rows)
        {
            using var dir = new TempDirectory("dsfleet-bench-store");
            using var database = new FleetDatabase(target.Postgres ? postgres().CreateDatabase() : $"Data Source={dir.File("fleet.db")}");
            database.Migrate(NullLogger.Instance);
            var applier = new IngestApplier("dsedge", rowsPerStatement: perStatement);
            foreach (var batch in Batches("w", 2, devices, started)) Store(database, applier, batch);
            var work = Batches("e", batches, devices, started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var batch in work) Store(database, applier, batch);
            var seconds = clock.Elapsed.TotalSeconds;
            var messages = batches * IngestWriter.BatchSize;
            results.Add((target.Name, perStatement, messages / seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / messages));
        }

        return results;
    }

    public static void Print(List<(string Target, int Rows, double Rate, double CpuMicroseconds)> results)
    {
        Console.WriteLine();
        Console.WriteLine("| engine | rows per statement | stored msg/s | CPU us/msg (this process; on PostgreSQL the server's is not in it) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (target, rows, rate, cpu) in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {target} | {rows} | {rate:0} | {cpu:0.0} |"));
    }

    private static void Store(FleetDatabase database, IngestApplier applier, List<ReceivedMessage> batch)
    {
        using var db = database.Open();
        using var tx = db.BeginTransaction();
        var results = applier.ApplyAll(db, tx, batch);
        tx.Commit();
        if (results.FirstOrDefault(r => r.Outcome != IngestOutcome.Stored) is { Outcome: var outcome, Reason: var reason } && outcome != IngestOutcome.Stored)
            throw new InvalidOperationException($"store: a sample was {outcome} ({reason}); every one should be stored");
    }

    /// <summary>Sample k from device k mod D with seq k / D + 1, 5,000 a second of device time, each batch sorted by device as the writer sorts it.</summary>
    private static List<List<ReceivedMessage>> Batches(string epoch, int count, int devices, DateTimeOffset started)
    {
        var batches = new List<List<ReceivedMessage>>();
        for (var b = 0; b < count; b++)
        {
            var batch = new List<ReceivedMessage>(IngestWriter.BatchSize);
            for (var k = b * IngestWriter.BatchSize; k < (b + 1) * IngestWriter.BatchSize; k++)
            {
                var device = TelemetryPublisher.DeviceId(k % devices);
                var now = started.AddMilliseconds(k / 5.0);
                var sample = TelemetryPublisher.Sample(device, epoch, k / devices + 1, now, started, 1);
                batch.Add(new ReceivedMessage($"dsedge/devices/{device}/telemetry", ProtocolJson.Write(sample), now, false, null, () => Task.CompletedTask));
            }

            batches.Add([.. batch.OrderBy(m => m.Topic, StringComparer.Ordinal)]);
        }

        return batches;
    }
}
