using System.Diagnostics;
using System.Globalization;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Testing.Broker;
using DeepSeek.Edge.Testing.Postgres;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// The device list API as the UI calls it (<c>GET /api/devices?page=…&amp;page_size=50</c> with its filters) at each fleet size:
/// the devices are seeded through the broker and ingest, then every query runs a few times to warm up and <c>--requests</c> times
/// timed, one after another from one client; p50 and p95 of the wall time of each request (the JSON read to its end).
/// </summary>
internal static class DeviceListBench
{
    public const int PageSize = 50;

    public static IReadOnlyList<(string Name, string Query)> Queries(int devices) =>
    [
        ("all, page 1", "page=1"),
        ("all, middle page", string.Create(CultureInfo.InvariantCulture, $"page={devices / PageSize / 2}")),
        ("status=online", "status=online&page=1"),
        ("group (1/10)", "group=site-3&page=1"),
        ("model (1/10)", "model=faces@2.0.0&page=1"),
        ("text \"0042\"", "q=0042&page=1"),
        ("group + online + text", "group=site-2&status=online&q=00&page=2"),
    ];

    public static async Task<List<(int Devices, string Query, double P50, double P95, long Total)>> RunAsync(IngestTarget target, int[] sizes, int requests, Func<PostgresServer> postgres)
    {
        using var broker = MosquittoBroker.Start();
        using var data = new TempDirectory("dsfleet-bench-devices");
        var connection = target.Postgres ? postgres().CreateDatabase() : null;
        using var fleet = await FleetServer.StartAsync(target.Name + "-devices", broker, data, connection, target.Executable);
        var database = connection is null ? BenchDatabase.Sqlite(data.File("fleet.db")) : BenchDatabase.Postgres(connection);
        var results = new List<(int, string, double, double, long)>();
        var seeded = 0;
        foreach (var size in sizes.Order())
        {
            await DeviceSeeder.SeedAsync(broker.Port, seeded, size);
            seeded = size;
            var deadline = Stopwatch.StartNew();
            while (database.Scalar("SELECT count(*) FROM device_cameras") < size)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"{size} devices were not in the console within 3 minutes");
                await Task.Delay(200);
            }

            foreach (var (name, query) in Queries(size))
            {
                var path = $"/api/devices?page_size={PageSize}&{query}";
                long total = 0;
                for (var w = 0; w < 5; w++) total = await GetAsync(fleet, path);
                var times = new List<double>(requests);
                for (var r = 0; r < requests; r++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await GetAsync(fleet, path);
                    times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }

                results.Add((size, name, Percentiles.Of(times, 50), Percentiles.Of(times, 95), total));
            }
        }

        return results;
    }

    private static async Task<long> GetAsync(FleetServer fleet, string path)
    {
        using var response = await fleet.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("total").GetInt64();
    }
}
