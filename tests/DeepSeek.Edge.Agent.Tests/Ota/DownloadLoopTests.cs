using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// A peer with write access to the desired state re-publishes it with a new <c>version</c> again and again, naming a package that
/// is rejected: each new document once made the device download and reject the package anew. The cool-off of failed attempts
/// now holds across documents: attempts follow the doubling retry delay, not the document rate.
/// </summary>
public sealed class DownloadLoopTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota-loop-docs");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task NewDocumentVersionsForARejectedPackage_DoNotBypassTheRetryCoolOff()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["RetryDelay"] = "00:00:04", ["MaxRetryDelay"] = "00:01:00" });
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path;
        OtaPackages.TamperManifest(package);
        await agent.PublishAsync(package);
        Assert.Equal("failed", (await agent.StateAsync(s => s is "failed" or "active")).Final.GetProperty("state").GetString());

        // 20 new documents in 3 s, each with a new version string, all naming the rejected package.
        using var stop = new CancellationTokenSource();
        var bumps = Task.Run(async () =>
        {
            for (var i = 0; i < 20 && !stop.IsCancellationRequested; i++)
            {
                await agent.SelectAsync("blazeface-back", "1.1.0");
                await Task.Delay(150);
            }
        });
        var states = await agent.StatesDuringAsync(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await bumps;

        // The first failure set a 4 s cool-off: no document in these 3 s may start another download.
        Assert.DoesNotContain("downloading", states);
        Assert.Equal("1.0.0", agent.RunningVersion());

        // Once it has passed, the latest document is tried again (and rejected again: the cool-off doubles).
        var (again, seen) = await agent.StateAsync(s => s is "failed" or "active");
        Assert.Equal("failed", again.GetProperty("state").GetString());
        Assert.Contains("downloading", seen);
    }
}
