using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>Transfers that go wrong on the way: a corrupted chunk on the broker, the broker dying in the middle of a download.</summary>
public sealed class TransferFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota-transfer");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task CorruptedChunkOnTheBroker_IsRefused_ThenTheRepublishedPackageInstalls()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key);
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path;
        await agent.PublishAsync(package, chunkSize: 16 * 1024, selectIt: false);
        await agent.Probe.PublishAsync("dsedge/models/blazeface-back/1.1.0/chunks/3", new byte[16 * 1024], retain: true); // bit rot on the broker

        await agent.SelectAsync("blazeface-back", "1.1.0");
        var (stalled, _) = await agent.StateAsync(s => s is "failed" or "active");

        Assert.Equal("failed", stalled.GetProperty("state").GetString());
        Assert.Contains("no chunk", stalled.GetProperty("reason").GetString(), StringComparison.Ordinal); // the bad chunk was never written
        Assert.Equal("1.0.0", agent.RunningVersion());

        await agent.PublishAsync(package, chunkSize: 16 * 1024, selectIt: false); // the trainer publishes again; the retry picks it up
        var (final, _) = await agent.StateAsync(s => s is "active" or "rolled-back");
        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Equal("1.1.0", agent.RunningVersion());
    }

    [Fact]
    public async Task BrokerKilledMidTransfer_DownloadResumesAfterItComesBack_AndInstalls()
    {
        using var broker = MosquittoBroker.Start(persistent: true);
        using var slowLink = new TcpProxy(broker.Port, bytesPerSecond: 2 << 20); // 8 MiB take about 4 s
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, agentPort: slowLink.Port);
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key, paddingBytes: 8 << 20);
        await agent.PublishAsync(package.Path, chunkSize: 16 * 1024, selectIt: false);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the broker saves its retained messages every second

        await agent.SelectAsync("blazeface-back", "1.1.0");
        var (midway, _) = await agent.StateAsync(s => s == "downloading");
        while (!(midway.TryGetProperty("bytes", out var b) && b.GetInt64() > 0)) (midway, _) = await agent.StateAsync(_ => true);
        broker.Stop();
        var storedAtKill = midway.GetProperty("bytes").GetInt64();
        Assert.InRange(storedAtKill, 1, package.Size - 1);
        await Task.Delay(1000);
        broker.StartAgain();

        // The probe's connection died with the broker: read the retained state as a console that connects now would. Until the
        // agent's next report, that is the restarted broker's saved copy, which may predate the download (no camera state yet).
        var final = await agent.TryRetainedStateAsync();
        for (var deadline = DateTime.UtcNow + TestTimeouts.Wait; final?.GetProperty("state").GetString() is not ("active" or "rolled-back") && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(500);
            final = await agent.TryRetainedStateAsync();
        }

        Assert.NotNull(final);
        Assert.Equal("active", final.Value.GetProperty("state").GetString());
        Assert.Equal("1.1.0", agent.RunningVersion());
    }

    [Fact]
    public async Task HttpSourceThatFailsTwice_IsRetriedAndInstalls()
    {
        using var broker = MosquittoBroker.Start();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key);
        await using var server = await Http.RangeFileServer.StartAsync(File.ReadAllBytes(package.Path));
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, AllowingSourcesOf(server));
        server.FailNext(2);

        await agent.SelectAsync("blazeface-back", "1.1.0", server.Url, package.Sha256, package.Size);
        var (final, seen) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Contains("downloading", seen);
        Assert.Equal("1.1.0", agent.RunningVersion());
        Assert.Equal(package.Size, server.BytesSent);
    }

    [Fact]
    public async Task HttpSourceOutsideAllowedSources_IsRefusedWithoutARequest()
    {
        using var broker = MosquittoBroker.Start();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key);
        await using var server = await Http.RangeFileServer.StartAsync(File.ReadAllBytes(package.Path));
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key); // Ota:AllowedSources empty: MQTT only

        await agent.SelectAsync("blazeface-back", "1.1.0", server.Url, package.Sha256, package.Size);
        var (final, _) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("failed", final.GetProperty("state").GetString());
        Assert.Contains("not under Ota:AllowedSources", final.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.BytesSent);
        Assert.Equal("1.0.0", agent.RunningVersion());
    }

    private static JsonObject AllowingSourcesOf(Http.RangeFileServer server) =>
        new() { ["AllowedSources"] = new JsonArray($"{server.Url.Scheme}://{server.Url.Authority}/") };

    [Fact]
    public async Task NewDesiredStateDuringADownload_StopsIt_AndInstallsTheNewVersion()
    {
        using var broker = MosquittoBroker.Start();
        using var slowLink = new TcpProxy(broker.Port, bytesPerSecond: 1 << 20); // 8 MiB would take 8 s
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["HealthWindow"] = "00:00:00" }, agentPort: slowLink.Port);
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key, paddingBytes: 8 << 20).Path, selectIt: false);
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.2.0", _key).Path, selectIt: false);

        await agent.SelectAsync("blazeface-back", "1.1.0");
        await agent.StateAsync(s => s == "downloading");
        await agent.SelectAsync("blazeface-back", "1.2.0");
        var (final, _) = await agent.StateAsync(s => s is "active" or "rolled-back");

        Assert.Equal("1.2.0", final.GetProperty("version").GetString());
        Assert.Equal("1.2.0", agent.RunningVersion());
        Assert.False(Directory.Exists(Path.Combine(agent.StoreDirectory, "blazeface-back", "1.1.0"))); // its download was stopped, not finished
    }
}
