using System.Globalization;
using DeepSeek.Edge.Models.Packaging.Chunks;

namespace DeepSeek.Edge.Bench;

/// <summary>Settings of <c>ota</c> mode, with defaults that reproduce bench/README.md.</summary>
internal sealed class OtaBenchOptions
{
    public string Model { get; set; } = "";
    public int ChunkSize { get; set; } = PackageChunker.DefaultChunkSize;
    public int Repeat { get; set; } = 3;

    public static OtaBenchOptions Parse(string[] args, string repoRoot)
    {
        var options = new OtaBenchOptions { Model = Path.Combine(repoRoot, "models", "dist", "resnet18-features") };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--model": options.Model = value; break;
                case "--chunk-size": options.ChunkSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--repeat": options.Repeat = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; ota mode takes --model <dir>, --chunk-size <bytes>, --repeat <n>");
            }

            i++;
        }

        if (!File.Exists(Path.Combine(options.Model, "manifest.json")))
            throw new ArgumentException($"--model {options.Model} has no manifest.json; give a model directory (bash models/fetch.sh fetches the samples)");
        if (options.ChunkSize is < ChunkManifest.MinChunkSize or > ChunkManifest.MaxChunkSize)
            throw new ArgumentException($"--chunk-size must be between {ChunkManifest.MinChunkSize} and {ChunkManifest.MaxChunkSize} bytes");
        if (options.Repeat < 1) throw new ArgumentException("--repeat must be 1 or more");
        return options;
    }
}
