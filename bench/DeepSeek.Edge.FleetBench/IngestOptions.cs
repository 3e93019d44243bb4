using System.Globalization;

namespace DeepSeek.Edge.FleetBench;

/// <summary><c>ingest</c> mode's options: <c>--targets sqlite,pg1,pg2 --devices 1000 --messages 100000 --rate 5000 --cameras 1</c>.</summary>
internal sealed class IngestOptions
{
    public List<IngestTarget> Targets { get; } = [];

    public int Devices { get; private set; } = 1000;

    public int Messages { get; private set; } = 100_000;

    public double Rate { get; private set; } = 5000;

    public int Cameras { get; private set; } = 1;

    public double StallSeconds { get; private set; } = 30;

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
                default: throw new ArgumentException($"unknown option {args[i]} (ingest takes --targets, --devices, --messages, --rate, --cameras)");
            }

            i++;
        }

        if (options.Targets.Count == 0) options.Targets.Add(IngestTarget.Parse("sqlite"));
        if (options.Messages < options.Devices) throw new ArgumentException("--messages must be at least --devices (one sample per device)");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number, not \"{value}\"");
}
