using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// What failed updates leave on disk: a peer that keeps selecting new bad versions must not fill the device. Quarantine and
/// partial downloads stay within Ota:MaxQuarantineBytes and Ota:MaxDownloadBytes after every attempt, not only after a success.
/// </summary>
public sealed class OtaDiskBoundsTests : IDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly TempDirectory _dir = new("dsedge-ota-bounds");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task FailingVersionsInARow_LeaveAtMostTheBoundsOnDisk()
    {
        using var broker = MosquittoBroker.Start();
        var bound = OtaPackages.Repack(_dir.Path, "blazeface-back", "0.0.1", _key).Size * 3 / 2; // room for one package, not two
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key,
            new JsonObject { ["MaxQuarantineBytes"] = bound, ["MaxDownloadBytes"] = bound, ["StallTimeout"] = "00:00:01" });
        var quarantine = Path.Combine(agent.StoreDirectory, StoreLayout.QuarantineName);
        var downloads = Path.Combine(agent.StoreDirectory, StoreLayout.DownloadsName);

        foreach (var version in new[] { "1.1.1", "1.1.2", "1.1.3" })
        {
            var package = OtaPackages.Repack(_dir.Path, "blazeface-back", version, _key).Path;
            OtaPackages.TamperManifest(package); // rejected at staging: quarantined
            await agent.PublishAsync(package, ChunkSize);
            Assert.Contains("signature", (await FailedAsync(agent, version)).GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
            await TestTimeouts.UntilAsync(() => Bytes(quarantine) <= bound && Bytes(downloads) <= bound, $"quarantine and downloads within {bound} bytes after {version}");
        }

        foreach (var version in new[] { "1.2.1", "1.2.2", "1.2.3" })
        {
            var package = OtaPackages.Repack(_dir.Path, "blazeface-back", version, _key);
            await agent.PublishAsync(package.Path, ChunkSize, selectIt: false);
            var lastChunk = (package.Size - 1) / ChunkSize;
            await agent.Probe.PublishAsync($"dsedge/models/blazeface-back/{version}/chunks/{lastChunk}", [], retain: true); // never completes
            await agent.SelectAsync("blazeface-back", version);
            Assert.Contains("no chunk", (await FailedAsync(agent, version)).GetProperty("reason").GetString(), StringComparison.Ordinal);
            await TestTimeouts.UntilAsync(() => Bytes(quarantine) <= bound && Bytes(downloads) <= bound, $"quarantine and downloads within {bound} bytes after {version}");
        }

        Assert.Single(Directory.GetDirectories(quarantine)); // the newest rejected package, kept for inspection
        Assert.Single(Directory.GetDirectories(downloads)); // the newest partial download, kept to resume
        Assert.Equal("1.0.0", agent.RunningVersion());
    }

    private static async Task<JsonElement> FailedAsync(OtaAgent agent, string version)
    {
        while (true)
        {
            var (state, _) = await agent.StateAsync(s => s == "failed");
            if (state.GetProperty("version").GetString() == version) return state;
        }
    }

    private static long Bytes(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
