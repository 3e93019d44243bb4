using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// The whole agent in-process against a real mosquitto, updated over the air by the trainer's publish client: the camera
/// runs blazeface-back 1.0.0 from its configuration and is offered re-packed versions of it.
/// </summary>
public sealed class ModelUpdaterTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task SignedPackage_SwapsInWithoutDroppingAFrame_CommitsAfterHealthWindow_AndSurvivesRestart()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key);
        var droppedBefore = agent.Cameras.GetHealth().Cameras.Single().FramesDropped;

        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path);
        var (final, seen) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Equal(["downloading", "verifying", "staged", "activating", "active"], seen.Distinct());
        Assert.False(string.IsNullOrEmpty(final.GetProperty("desired_version").GetString())); // the document the update followed
        Assert.Equal(droppedBefore, agent.Cameras.GetHealth().Cameras.Single().FramesDropped);
        Assert.Equal("1.1.0", OtaAgent.VersionOf(await agent.NextEventAsync(_ => true)));
        Assert.Equal("1.1.0", ActiveInStore(agent)?.Model.Version);

        await agent.StopHostAsync();
        await agent.StartHostAsync(); // the restarted agent starts the camera on the committed version, not the configured one
        Assert.Equal("1.1.0", agent.RunningVersion());
    }

    [Fact]
    public async Task NewModelWhoseDetectionsCollapse_IsRolledBackAutomatically_AndNotInstalledAgain()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["MinDetectionRatio"] = 0.5, ["MinFpsRatio"] = 0 });

        // A version that loads, warms up and validates, but finds no face: its score threshold is out of reach.
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.2.0", _key, m => m["thresholds"]!["score"] = 0.9999).Path);
        var (final, seen) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("rolled-back", final.GetProperty("state").GetString());
        Assert.Contains("detections collapsed", final.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("activating", seen);
        Assert.Equal("1.0.0", agent.RunningVersion());
        Assert.Equal("1.0.0", OtaAgent.VersionOf(await agent.NextEventAsync(_ => true)));
        Assert.Null(ActiveInStore(agent)); // the pointer never moved: a crash in the window would also have kept 1.0.0

        await agent.StopHostAsync();
        await agent.StartHostAsync(); // the retained desired state still names 1.2.0: the failure is remembered
        Assert.Empty(await agent.StatesDuringAsync(TimeSpan.FromSeconds(4)));
        Assert.Equal("1.0.0", agent.RunningVersion());
    }

    [Fact]
    public async Task RollbackCommand_ReturnsToTheConfiguredModel_AndTheRolledBackVersionStaysOff()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["HealthWindow"] = "00:00:00" });
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path);
        Assert.Equal("active", (await agent.StateAsync(s => s is "active" or "failed")).Final.GetProperty("state").GetString());

        var response = await agent.CommandAsync("rollback", """{"camera":"door"}""");

        Assert.True(response.GetProperty("ok").GetBoolean(), response.ToString());
        Assert.Equal("blazeface-back@1.0.0", response.GetProperty("result").GetProperty("model").GetString());
        Assert.Equal("rolled-back", (await agent.RetainedStateAsync()).GetProperty("state").GetString());
        Assert.Null(ActiveInStore(agent));
        Assert.Empty(await agent.StatesDuringAsync(TimeSpan.FromSeconds(3))); // the reconciler must not put 1.1.0 back
        Assert.Equal("1.0.0", agent.RunningVersion());

        var again = await agent.CommandAsync("rollback", """{"camera":"door"}""");
        Assert.False(again.GetProperty("ok").GetBoolean());
        Assert.Contains("configured model", again.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadPackages => new()
    {
        { "unknown-key", "not trusted" },
        { "unsigned", "unsigned" },
        { "tampered-manifest", "signature" },
        { "corrupt-model", "model.onnx" },
        { "truncated", "truncated or corrupt" },
        { "path-traversal", "escaped.txt" },
        { "oversized", "Ota:MaxPackageBytes" },
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task BadPackage_IsRejectedWithTheReason_AndTheOldModelKeepsRunning(string fault, string reasonContains)
    {
        using var broker = MosquittoBroker.Start();
        using var stranger = SigningKey.Generate();
        var ota = fault == "oversized" ? new JsonObject { ["MaxPackageBytes"] = 100_000 } : null;
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, ota);
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", fault switch { "unknown-key" => stranger, "unsigned" => null, _ => _key }).Path;
        switch (fault)
        {
            case "tampered-manifest": OtaPackages.TamperManifest(package); break;
            case "corrupt-model": OtaPackages.CorruptEntry(package, "model.onnx"); break;
            case "path-traversal": OtaPackages.AddTraversalEntry(package); break;
        }

        if (fault == "truncated")
        {
            OtaPackages.Truncate(package);
            await agent.PublishRawAsync(package, "blazeface-back", "1.1.0");
            await agent.SelectAsync("blazeface-back", "1.1.0");
        }
        else
        {
            await agent.PublishAsync(package);
        }

        var (final, _) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("failed", final.GetProperty("state").GetString());
        Assert.Contains(reasonContains, final.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1.0.0", agent.RunningVersion());
        Assert.Equal("1.0.0", OtaAgent.VersionOf(await agent.NextEventAsync(_ => true)));
        Assert.Null(ActiveInStore(agent));
        Assert.False(Directory.Exists(Path.Combine(agent.StoreDirectory, "blazeface-back", "1.1.0")));
        if (fault != "oversized") Assert.NotEmpty(Directory.GetDirectories(Path.Combine(agent.StoreDirectory, StoreLayout.QuarantineName)));
    }

    [Fact]
    public async Task CameraWhoseConfiguredModelIsBroken_IsBroughtUpByAnUpdate()
    {
        using var broker = MosquittoBroker.Start();
        var broken = Path.Combine(_dir.Path, "broken-model");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(DeepSeek.Edge.Testing.TestAssets.BlazeFaceBack)) File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        File.WriteAllBytes(Path.Combine(broken, "model.onnx"), new byte[1000]); // not an ONNX model
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, configuredModel: broken);
        Assert.Equal("failed", agent.Cameras.GetHealth().Cameras.Single().State);

        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path);
        var (final, _) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");

        Assert.Equal("active", final.GetProperty("state").GetString());
        Assert.Equal("1.1.0", agent.RunningVersion());
        Assert.Equal("1.1.0", OtaAgent.VersionOf(await agent.NextEventAsync(_ => true)));
        Assert.Equal("1.1.0", ActiveInStore(agent)?.Model.Version);
    }

    [Fact]
    public async Task GroupDesiredState_Applies_AndTheDeviceDocumentOverridesIt()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key,
            new JsonObject { ["Groups"] = new JsonArray("lobby"), ["HealthWindow"] = "00:00:00" });
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path, selectIt: false);
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.2.0", _key).Path, selectIt: false);

        await agent.SelectAsync("blazeface-back", "1.1.0", group: "lobby");
        Assert.Equal("active", (await agent.StateAsync(s => s is "active" or "failed")).Final.GetProperty("state").GetString());
        Assert.Equal("1.1.0", agent.RunningVersion());

        await agent.SelectAsync("blazeface-back", "1.2.0");
        var (final, _) = await agent.StateAsync(s => s is "active" or "failed");
        Assert.Equal("1.2.0", final.GetProperty("version").GetString());
        Assert.Equal("1.2.0", agent.RunningVersion());

        await agent.SelectAsync("blazeface-back", "1.1.0", group: "other-group"); // not this device's group: nothing happens
        Assert.Empty(await agent.StatesDuringAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task OlderVersion_IsRefusedAsADowngrade_UnlessTheEntryAllowsIt()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["MinFpsRatio"] = 0 });
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.10.0", _key).Path);
        Assert.Equal("active", (await agent.StateAsync(s => s is "active" or "failed" or "rolled-back")).Final.GetProperty("state").GetString());

        // 1.9.0 is older than 1.10.0 (compared as numbers, not as text): refused, reported with the reason, 1.10.0 keeps running.
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.9.0", _key).Path);
        var (refused, _) = await agent.StateAsync(s => s is "active" or "failed" or "rolled-back");
        Assert.Equal("failed", refused.GetProperty("state").GetString());
        Assert.Contains("older than the committed 1.10.0", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("allow_downgrade", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("1.10.0", agent.RunningVersion());

        // The same version with "allow_downgrade": true in a new document is installed.
        await agent.Probe.PublishAsync($"dsedge/devices/{agent.Device}/state/desired", Encoding.UTF8.GetBytes(
            $$"""{"schema":"deepseek-edge/desired-state/v1","version":"{{Guid.NewGuid():N}}","models":[{"name":"blazeface-back","version":"1.9.0","cameras":["{{OtaAgent.Camera}}"],"allow_downgrade":true}]}"""), retain: true);
        var (allowed, _) = await agent.StateAsync(s => s is "active" or "rolled-back");
        Assert.Equal("active", allowed.GetProperty("state").GetString());
        Assert.Equal("1.9.0", agent.RunningVersion());
    }

    private static ActiveModel? ActiveInStore(OtaAgent agent)
    {
        var pointer = Path.Combine(agent.StoreDirectory, StoreLayout.ActiveName, OtaAgent.Camera + ".json");
        if (!File.Exists(pointer)) return null;
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(pointer)).RootElement;
        var model = json.GetProperty("model");
        return new ActiveModel(OtaAgent.Camera, new ModelRef(model.GetProperty("name").GetString()!, model.GetProperty("version").GetString()!), null, DateTimeOffset.MinValue);
    }
}
