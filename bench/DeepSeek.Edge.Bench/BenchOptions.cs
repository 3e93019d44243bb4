using System.Globalization;

namespace DeepSeek.Edge.Bench;

/// <summary>Command-line settings of the harness, with defaults that reproduce bench/README.md.</summary>
internal sealed class BenchOptions
{
    public List<string> Models { get; } = [];
    public string Video { get; set; } = "";
    public int Threads { get; set; } = 1;
    public int Frames { get; set; }
    public int Repeat { get; set; } = 3;

    public static BenchOptions Parse(string[] args, string repoRoot)
    {
        var options = new BenchOptions { Video = Path.Combine(repoRoot, "models", "media", "vtest.avi") };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--model": options.Models.Add(value); break;
                case "--video": options.Video = value; break;
                case "--threads": options.Threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--frames": options.Frames = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--repeat": options.Repeat = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --model <dir> (repeatable), --video <file>, --threads <n>, --frames <n>, --repeat <n>");
            }

            i++;
        }

        if (options.Models.Count == 0)
        {
            foreach (var name in new[] { "blazeface-front", "ppocr-angle-cls", "resnet18-features" })
                options.Models.Add(Path.Combine(repoRoot, "models", "dist", name));
        }

        if (options.Threads < 1) throw new ArgumentException("--threads must be 1 or more");
        if (options.Repeat < 1) throw new ArgumentException("--repeat must be 1 or more");
        return options;
    }
}
