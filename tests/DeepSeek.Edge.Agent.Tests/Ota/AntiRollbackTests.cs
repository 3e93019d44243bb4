using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// Anti-rollback holds against the committed version, not merely the one the camera runs: when the committed version cannot be
/// loaded now and the camera runs its configured model instead, a version between the two is still a downgrade.
/// </summary>
public sealed class AntiRollbackTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota-antirollback");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task OlderThanTheCommittedVersion_IsRefused_EvenWhileTheCameraRunsItsConfiguredModel()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key);
        await agent.StopHostAsync();

        // 1.10.0 is committed, but its model no longer loads (signed and intact, yet not something the runtime can run).
        var unloadable = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.10.0", _key);
        var manifest = Path.Combine(_dir.Path, "blazeface-back-1.10.0", "manifest.json");
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(manifest)!, "model.onnx"), new byte[4096]);
        unloadable = ModelPackager.Pack(manifest, unloadable.Path, _key);
        using (var store = ModelStore.Open(agent.StoreDirectory, TrustedKeys.FromPem(_key.ExportPublicKeyPem(), "test key")))
        {
            store.Activate(OtaAgent.Camera, store.Stage(unloadable.Path).Model);
        }

        await agent.StartHostAsync();
        Assert.Equal("1.0.0", agent.RunningVersion()); // the configured model, in place of the committed 1.10.0

        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.9.0", _key).Path);
        var (final, seen) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("failed", final.GetProperty("state").GetString());
        Assert.Contains("older than the committed 1.10.0", final.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("downloading", seen);
        Assert.Equal("1.0.0", agent.RunningVersion());
    }
}
