using System.Globalization;
using DeepSeek.Edge.FleetBench;
using DeepSeek.Edge.Testing.Postgres;

// The fleet console's numbers, measured in one run against real parts (mosquitto, ds-fleet processes, SQLite or PostgreSQL):
//   ingest  [--targets sqlite,pg1,pg2] [--devices 1000] [--messages 100000] [--rate 5000] [--cameras 1] [--baseline PATH]
//   devices [--targets sqlite,pg1] [--sizes 1000,10000] [--requests 200] [--baseline PATH]
//   store   [--targets sqlite,pg1] [--rows 1,4,16,64,256] [--devices 1000] [--batches 12]
// --baseline names another build's ds-fleet (e.g. main's), run on each target just before this checkout's: before and after in one run.
var inv = CultureInfo.InvariantCulture;
PostgresServer? postgres = null;
PostgresServer Postgres() => postgres ??= new PostgresServer();
try
{
    Console.WriteLine(string.Create(inv, $"{Environment.ProcessorCount} cores; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
    if (args is ["ingest", ..])
    {
        var options = IngestOptions.Parse(args[1..]);
        Console.WriteLine(string.Create(inv, $"ingest: {options.Messages} telemetry messages (QoS 1, {options.Cameras} camera(s) each) from {options.Devices} devices at {options.Rate} msg/s target"));
        var results = new List<IngestResult>();
        foreach (var target in options.Targets.SelectMany(t => options.Baseline is { } b ? new[] { t.WithBaseline(b), t } : [t]))
        {
            results.Add(await IngestBench.RunAsync(target, options, Postgres));
            IngestReport.Print(results);
        }
    }
    else if (args is ["devices", ..])
    {
        var targets = new List<IngestTarget>();
        int[] sizes = [1000, 10_000];
        var requests = 200;
        string? baseline = null;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--targets": targets.AddRange(args[i + 1].Split(',').Select(IngestTarget.Parse)); break;
                case "--sizes": sizes = args[i + 1].Split(',').Select(s => int.Parse(s, inv)).ToArray(); break;
                case "--requests": requests = int.Parse(args[i + 1], inv); break;
                case "--baseline": baseline = IngestOptions.Executable(args[i + 1]); break;
                default: throw new ArgumentException($"unknown option {args[i]} (devices takes --targets, --sizes, --requests, --baseline)");
            }
        }

        if (targets.Count == 0) targets.Add(IngestTarget.Parse("sqlite"));
        foreach (var target in targets.SelectMany(t => baseline is { } b ? new[] { t.WithBaseline(b), t } : [t]))
        {
            var rows = await DeviceListBench.RunAsync(target, sizes, requests, Postgres);
            DeviceListReport.Print(target, rows, requests);
        }
    }
    else if (args is ["store", ..])
    {
        var targets = new List<IngestTarget>();
        int[] rows = [1, 4, 16, 64, 256];
        var (devices, batches) = (1000, 12);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--targets": targets.AddRange(args[i + 1].Split(',').Select(IngestTarget.Parse)); break;
                case "--rows": rows = args[i + 1].Split(',').Select(s => int.Parse(s, inv)).ToArray(); break;
                case "--devices": devices = int.Parse(args[i + 1], inv); break;
                case "--batches": batches = int.Parse(args[i + 1], inv); break;
                default: throw new ArgumentException($"unknown option {args[i]} (store takes --targets, --rows, --devices, --batches)");
            }
        }

        if (targets.Count == 0) targets.Add(IngestTarget.Parse("sqlite"));
        Console.WriteLine(string.Create(inv, $"store: {batches} batches of {DeepSeek.Edge.Fleet.Ingest.IngestWriter.BatchSize} telemetry samples from {devices} devices, in process"));
        var results = targets.SelectMany(t => StoreBench.Run(t, rows, devices, batches, Postgres)).ToList();
        StoreBench.Print(results);
    }
    else
    {
        Console.Error.WriteLine("usage: ingest [--targets sqlite,pg1,pg2] [--devices N] [--messages N] [--rate N] [--cameras N] [--baseline DS_FLEET] | devices [--targets sqlite,pg1] [--sizes 1000,10000] [--requests N] [--baseline DS_FLEET] | store [--targets sqlite,pg1] [--rows 1,4,16] [--devices N] [--batches N]");
        return 2;
    }

    Console.WriteLine(string.Create(inv, $"load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    return 0;
}
finally
{
    postgres?.Dispose();
}
