using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary>
/// <c>ds-edge device init</c>, the real executable: provisioning a board in one command over the packaged configuration;
/// the agent then runs on what it wrote, and a bad argument or a configuration that would not start leaves the file alone.
/// </summary>
public sealed class DeviceInitTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-device-init");

    public void Dispose() => _dir.Dispose();

    private string PackagedConfig()
    {
        var path = _dir.File("agent.json");
        File.Copy(Path.Combine(DeepSeek.Edge.Testing.TestAssets.RepoRoot, "packaging", "config", "agent.json"), path, overwrite: true);
        return path;
    }

    [Fact]
    public async Task Init_OverThePackagedConfig_WritesIdBrokerGroupsAndKeys_AndTheAgentComesOnlineWithThem()
    {
        using var broker = MosquittoBroker.Start();
        var keys = _dir.File("keys");
        KeyPairFiles.Generate(keys);
        var config = PackagedConfig();

        var (exit, stdout, stderr) = await DsEdge.RunAsync("device", "init", "--id", "line-a-07", "--broker", $"127.0.0.1:{broker.Port}",
            "--group", "line-a", "--group", "canary", "--trusted-key", Path.Combine(keys, KeyPairFiles.PublicFileName), "--config", config, "--test-connection");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("accepts this device", stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(config));
        var written = JsonNode.Parse(File.ReadAllText(config))!;
        Assert.Equal("line-a-07", (string?)written["Agent"]!["DeviceId"]);
        Assert.Equal(broker.Port, (int)written["Mqtt"]!["Port"]!);
        Assert.Equal(["line-a", "canary"], written["Ota"]!["Groups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal(10, (int)written["Agent"]!["Telemetry"]!["IntervalSeconds"]!); // the packaged settings stay

        AgentEndpoint.Edit(config, c =>
        {
            c["Agent"]!["DataDirectory"] = _dir.File("state");
            c["Agent"]!["Http"] = new JsonObject { ["Enabled"] = false };
        });
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, "dsedge/devices/line-a-07/status");
        using var agent = AgentProcess.Start(config);
        var status = await probe.NextAsync(m => m.Json.GetProperty("state").GetString() == "online");
        Assert.Equal(["line-a", "canary"], status.Json.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        await agent.StopAsync();
    }

    [Fact]
    public async Task Init_WithArgumentsThatCannotWork_ExitsTwoAndLeavesTheConfigurationAlone()
    {
        var config = PackagedConfig();
        var before = File.ReadAllText(config);

        var badId = await DsEdge.RunAsync("device", "init", "--id", "line a/07", "--broker", "broker.local", "--config", config);
        var halfTls = await DsEdge.RunAsync("device", "init", "--id", "b1", "--broker", "broker.local", "--cert", _dir.File("client.pem"), "--config", config);
        var missingKey = await DsEdge.RunAsync("device", "init", "--id", "b1", "--broker", "broker.local", "--trusted-key", _dir.File("nope.pem"), "--config", config);

        Assert.Equal((2, 2, 2), (badId.Exit, halfTls.Exit, missingKey.Exit));
        Assert.Contains("--id \"line a/07\" is not a device id", badId.Stderr, StringComparison.Ordinal);
        Assert.Contains("--cert and --key go together", halfTls.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope.pem: no such file", missingKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(config));
    }

    [Fact]
    public async Task Init_OverAConfigurationWithATypo_NamesTheKeyAndWritesNothing()
    {
        var config = _dir.File("typo.json");
        File.WriteAllText(config, """{"Agent":{"Telemetry":{"IntervalSecond":3}},"Mqtt":{}}""");

        var (exit, _, stderr) = await DsEdge.RunAsync("device", "init", "--id", "b2", "--broker", "broker.local", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("Agent:Telemetry:IntervalSecond", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean \"IntervalSeconds\"", stderr, StringComparison.Ordinal);
        Assert.Contains("was left as it was", stderr, StringComparison.Ordinal);
        Assert.Equal("""{"Agent":{"Telemetry":{"IntervalSecond":3}},"Mqtt":{}}""", File.ReadAllText(config));
        Assert.Single(Directory.GetFiles(_dir.Path)); // no candidate left behind
    }
}
