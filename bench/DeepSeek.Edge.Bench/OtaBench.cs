using System.Globalization;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// <c>ota</c> mode: packs and signs a model directory, starts a mosquitto of its own, and measures per repeat (a) publishing the
/// package as <c>ds-edge model publish</c> does, (b) receiving it as a device does, and (c) the same bytes with a bare MQTTnet
/// publish and a subscriber that only counts them, so a/c and b/c show what the over-the-air path costs over MQTT itself.
/// </summary>
internal static class OtaBench
{
    public static async Task RunAsync(string[] args, string repoRoot)
    {
        var options = OtaBenchOptions.Parse(args, repoRoot);
        var inv = CultureInfo.InvariantCulture;
        var work = Directory.CreateTempSubdirectory("dsedge-bench-ota-").FullName;
        try
        {
            using var key = SigningKey.Generate();
            var package = ModelPackager.Pack(Path.Combine(options.Model, "manifest.json"), Path.Combine(work, "package.zip"), key);
            var pieces = Cut(File.ReadAllBytes(package.Path), options.ChunkSize);
            var topicRoot = $"dsedge/models/{package.Manifest.Name}/{package.Manifest.Version}";
            using var broker = BenchBroker.Start(options.ChunkSize + (1024 * 1024));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));

            Console.WriteLine(string.Create(inv,
                $"package {package.Manifest.Id}, {package.Size / (1024.0 * 1024.0):0.0} MiB signed, {pieces.Count} chunks of {options.ChunkSize} bytes; mosquitto on 127.0.0.1:{broker.Port}; median of {options.Repeat}; {Environment.ProcessorCount} cores"));
            Console.WriteLine();
            Console.WriteLine("run     (a) publish  hashing ms  (c) bare publish   a/c  (b) receive  (c) bare receive   b/c   (MiB/s)");
            var runs = new List<OtaRun>();
            for (var r = 0; r <= options.Repeat; r++)
            {
                // Run 0 warms up (JIT, page cache, the broker's retained store) and is not reported.
                var (published, described, chunks) = await OtaPublish.PackageAsync(broker.Port, package.Path, topicRoot, options.ChunkSize, timeout.Token);
                var download = Path.Combine(work, string.Create(inv, $"download-{r}"));
                var received = await OtaReceive.PackageAsync(broker.Port, chunks, topicRoot, download, timeout.Token);
                Directory.Delete(download, recursive: true);
                var barePublished = await OtaPublish.BareAsync(broker.Port, pieces, "bench/bare", timeout.Token);
                var bareReceived = await OtaReceive.BareAsync(broker.Port, pieces.Count, package.Size, "bench/bare", timeout.Token);

                var run = new OtaRun(OtaRun.MiBPerSecond(package.Size, published), described.TotalMilliseconds, OtaRun.MiBPerSecond(package.Size, barePublished),
                    OtaRun.MiBPerSecond(package.Size, received), OtaRun.MiBPerSecond(package.Size, bareReceived));
                if (r == 0) continue;
                runs.Add(run);
                Console.WriteLine(string.Create(inv,
                    $"{r,-6} {run.Publish,12:0.0} {run.DescribeMs,11:0} {run.BarePublish,17:0.0} {run.PublishRatio,5:0.00} {run.Receive,12:0.0} {run.BareReceive,17:0.0} {run.ReceiveRatio,5:0.00}"));
            }

            var m = OtaRun.Median(runs);
            Console.WriteLine(string.Create(inv,
                $"{"median",-6} {m.Publish,12:0.0} {m.DescribeMs,11:0} {m.BarePublish,17:0.0} {m.PublishRatio,5:0.00} {m.Receive,12:0.0} {m.BareReceive,17:0.0} {m.ReceiveRatio,5:0.00}"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<byte[]> Cut(byte[] package, int chunkSize)
    {
        var pieces = new List<byte[]>();
        for (var offset = 0; offset < package.Length; offset += chunkSize)
            pieces.Add(package.AsSpan(offset, Math.Min(chunkSize, package.Length - offset)).ToArray());
        return pieces;
    }
}
