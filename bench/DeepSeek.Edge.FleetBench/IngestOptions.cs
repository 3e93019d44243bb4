using System.Globalization;

namespace DeepSeek.Edge.FleetBench;

/// <summary><c>ingest</c> mode's options: <c>--targets sqlite,pg1,pg2 --devices 1000 --messages 100000 --rate 5000 --cameras 1 [--baseline PATH]</c>.</summary>
internal sealed class IngestOptions
{
    public List<IngestTarget> Targets { get; } = [];

    public int Devices { get; private set; } = 1000;

    public int Messages { get; private set; } = 100_000;

    public double Rate { get; private set; } = 5000;

    public int Cameras { get; private set; } = 1;

    public double StallSeconds { get; private set; } = 30;

    /// <summary><c>--baseline PATH</c>: another build's <c>ds-fleet</c>, run on each target just before this checkout's, for a before/after in one run.</summary>
    public string? Baseline { get; private set; }

    public static IngestOptions Parse(string[] args)
    {
        var options = new IngestOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--targets": options.Targets.AddRange(value.Split(',').Select(IngestTarget.Parse)); break;
                case "--devices": options.Devices = Positive(args[i], value); break;
                case "--messages": options.Messages = Positive(args[i], value); break;
                case "--rate": options.Rate = Positive(args[i], value); break;
                case "--cameras": options.Cameras = Positive(args[i], value); break;
                case "--baseline": options.Baseline = Executable(value); break;
                default: throw new ArgumentException($"unknown option {args[i]} (ingest takes --targets, --devices, --messages, --rate, --cameras, --baseline)");
            }

            i++;
        }

        if (options.Targets.Count == 0) options.Targets.Add(IngestTarget.Parse("sqlite"));
        if (options.Messages < options.Devices) throw new ArgumentException("--messages must be at least --devices (one sample per device)");
        return options;
    }

    /// <summary>A <c>ds-fleet</c> executable given on the command line; throws naming the path and how to make it when it is not there.</summary>
    public static string Executable(string path) => File.Exists(path) ? Path.GetFullPath(path)
        : throw new ArgumentException($"--baseline: {path} is not a file; build the other checkout with dotnet build fleet/DeepSeek.Edge.Fleet -c Release and name its bin/Release/net10.0/ds-fleet");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number, not \"{value}\"");
}
