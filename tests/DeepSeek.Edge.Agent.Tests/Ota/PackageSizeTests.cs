using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// The package's size (and SHA-256) bound what a transfer takes in: an offer for another package than the desired state pins is
/// refused before any chunk, and a source that sends more than the package holds is cut off just past it.
/// </summary>
public sealed class PackageSizeTests : IDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly TempDirectory _dir = new("dsedge-ota-size");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task OfferLargerThanTheDesiredStateSize_IsRefusedBeforeAnyChunkIsFetched()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key);
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key);
        await agent.PublishAsync(package.Path, ChunkSize, selectIt: false); // e.g. a peer that may write models/# swapped the offer

        await agent.SelectAsync("blazeface-back", "1.1.0", sha256: package.Sha256, size: package.Size - 1);
        var (final, seen) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("failed", final.GetProperty("state").GetString());
        Assert.Contains($"\"size\": {package.Size - 1}", final.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("verifying", seen);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(agent.StoreDirectory, StoreLayout.DownloadsName)));
        Assert.Equal("1.0.0", agent.RunningVersion());
    }

    [Fact]
    public async Task ChunkTopicFloodedDuringATransfer_IsCutOffPastThePackageSize_AndTheRealChunkStillInstalls()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["StallTimeout"] = "00:00:20", ["HealthWindow"] = "00:00:00" });
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key);
        await agent.PublishAsync(package.Path, ChunkSize, selectIt: false);
        var chunks = PackageChunker.Describe(package.Path, ChunkSize);
        var lastTopic = $"dsedge/models/blazeface-back/1.1.0/chunks/{chunks.ChunkCount - 1}";
        await agent.Probe.PublishAsync(lastTopic, [], retain: true); // the last chunk is not there yet: the transfer waits for it

        await agent.SelectAsync("blazeface-back", "1.1.0");
        await agent.StateAsync(s => s == "downloading");
        using var stopFlood = new CancellationTokenSource();
        var junk = new byte[ChunkSize];
        var flood = Task.Run(async () =>
        {
            while (!stopFlood.IsCancellationRequested) await agent.Probe.PublishAsync(lastTopic, junk);
        });
        var (cut, _) = await agent.StateAsync(s => s is "failed" or "active");
        await stopFlood.CancelAsync();
        await flood;

        Assert.Equal("failed", cut.GetProperty("state").GetString());
        var reason = cut.GetProperty("reason").GetString();
        Assert.Contains("sent more than the", reason, StringComparison.Ordinal);
        Assert.Contains($"is {package.Size} bytes, its \"size\"", reason, StringComparison.Ordinal);

        await agent.Probe.PublishAsync(lastTopic, PackageChunker.ReadChunk(package.Path, chunks, chunks.ChunkCount - 1), retain: true);
        var (final, _) = await agent.StateAsync(s => s is "active" or "rolled-back");
        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Equal("1.1.0", agent.RunningVersion());
    }
}
