using System.Diagnostics;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Testing.Broker;
using DeepSeek.Edge.Testing.Postgres;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// One ingest run: a fresh mosquitto, a fresh database, one or two <c>ds-fleet</c> replicas, D devices connected; a warm-up run (5 % of
/// the messages, not counted), then N messages at the target rate, watched by <see cref="CommitWatch"/> and a memory sampler.
/// </summary>
internal static class IngestBench
{
    public static async Task<IngestResult> RunAsync(IngestTarget target, IngestOptions options, Func<PostgresServer> postgres)
    {
        using var broker = MosquittoBroker.Start();
        using var data = new TempDirectory("dsfleet-bench");
        var connection = target.Postgres ? postgres().CreateDatabase() : null;
        var replicas = new List<FleetServer>();
        try
        {
            for (var r = 0; r < target.Replicas; r++)
                replicas.Add(await FleetServer.StartAsync($"{target.Name}-{r}", broker, data, connection, target.Executable));
            var database = connection is null ? BenchDatabase.Sqlite(data.File("fleet.db")) : BenchDatabase.Postgres(connection);
            await using var publisher = await TelemetryPublisher.ConnectAsync(broker.Port, options.Devices, options.Cameras);

            var warmup = Math.Max(options.Devices, options.Messages / 20);
            publisher.NewRun(warmup);
            await publisher.PublishAsync(options.Rate, Stopwatch.GetTimestamp());
            await UntilStoredAsync(database, warmup, "the warm-up");
            var before = database.Scalar("SELECT count(*) FROM telemetry_samples");
            var allocatedBefore = await SumAsync(replicas, "ds_fleet_gc_allocated_bytes_total");
            var storedBefore = await StoredAsync(replicas);
            var cpuBefore = replicas.Sum(r => r.CpuSeconds());
            var batchesBefore = await SumAsync(replicas, "ds_fleet_ingest_batches_total");
            var duplicatesBefore = await SumAsync(replicas, "ds_fleet_ingest_messages_total", "outcome=\"duplicate\"");

            publisher.NewRun(options.Messages);
            var probes = Enumerable.Range(0, Math.Min(20, options.Devices)).Select(i => i * options.Devices / Math.Min(20, options.Devices)).ToArray();
            var watch = new CommitWatch(database, publisher, probes, before);
            using var stop = new CancellationTokenSource();
            var start = Stopwatch.GetTimestamp();
            var probing = Task.Run(() => watch.RunProbesAsync(stop.Token));
            var counting = Task.Run(() => watch.RunCountAsync(start, options.Messages, options.StallSeconds, stop.Token));
            var memory = Task.Run(() => SampleMemoryAsync(replicas, stop.Token));
            var publishSeconds = await publisher.PublishAsync(options.Rate, start);
            await counting;
            var totalSeconds = watch.Progress.Last().At;
            await Task.Delay(CommitWatch.ProbeInterval * 4);
            await stop.CancelAsync();
            await probing;
            var (peakRss, peakManaged) = await memory;
            var cpu = replicas.Sum(r => r.CpuSeconds()) - cpuBefore;
            var batches = await SumAsync(replicas, "ds_fleet_ingest_batches_total") - batchesBefore;

            var stored = database.Scalar("SELECT count(*) FROM telemetry_samples WHERE epoch = @epoch", ("epoch", publisher.Epoch));
            var times = database.Times("SELECT ts, rx_ts FROM telemetry_samples WHERE epoch = @epoch", ("epoch", publisher.Epoch));
            var receive = times.Select(t => (DateTimeOffset.Parse(t.RxTs, System.Globalization.CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse(t.Ts, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds).ToList();
            var latency = watch.LatencySeconds.ToList();
            var byReplica = (await StoredAsync(replicas)).Zip(storedBefore, (a, b) => a - b).ToList();
            var allocated = await SumAsync(replicas, "ds_fleet_gc_allocated_bytes_total") - allocatedBefore;
            return new IngestResult(target.Label, options.Messages, options.Devices, options.Rate, options.Messages / publishSeconds,
                watch.SustainedRate(options.Messages), stored / totalSeconds,
                Percentiles.Of(latency, 50), Percentiles.Of(latency, 99), Percentiles.Of(receive, 50), Percentiles.Of(receive, 99),
                stored, options.Messages - stored,
                (long)(await SumAsync(replicas, "ds_fleet_ingest_messages_total", "outcome=\"duplicate\"") - duplicatesBefore),
                database.Scalar("SELECT count(*) FROM dead_letters"), peakRss, peakManaged, allocated / Math.Max(1, stored),
                cpu * 1e6 / Math.Max(1, stored), stored / Math.Max(1, batches), byReplica);
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }
    }

    private static async Task UntilStoredAsync(BenchDatabase database, long count, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (database.Scalar("SELECT count(*) FROM telemetry_samples") < count)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"{what}: {count} samples were not stored within 2 minutes");
            await Task.Delay(100);
        }
    }

    private static async Task<List<long>> StoredAsync(List<FleetServer> replicas)
    {
        var stored = new List<long>();
        foreach (var r in replicas) stored.Add((long)await r.MetricAsync("ds_fleet_ingest_messages_total", "outcome=\"stored\""));
        return stored;
    }

    private static async Task<double> SumAsync(List<FleetServer> replicas, string name, string labels = "")
    {
        double sum = 0;
        foreach (var r in replicas) sum += await r.MetricAsync(name, labels);
        return sum;
    }

    /// <summary>Peak resident set (VmHWM, the largest replica) and peak managed heap (sampled every 500 ms from /metrics) over the run.</summary>
    private static async Task<(long PeakRss, long PeakManaged)> SampleMemoryAsync(List<FleetServer> replicas, CancellationToken stop)
    {
        long managed = 0;
        while (!stop.IsCancellationRequested)
        {
            foreach (var r in replicas) managed = Math.Max(managed, (long)await r.MetricAsync("ds_fleet_gc_heap_bytes"));
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (replicas.Max(r => r.Memory().PeakRss), managed);
    }
}
