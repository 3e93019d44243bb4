using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary>
/// <c>ds-edge doctor</c>, the real executable, against a real mosquitto: what this build offers (ONNX Runtime and its
/// providers, OpenCV's video backends), the configuration, data directory, trusted keys and broker; exit 1 with the fix when
/// something the agent needs is missing.
/// </summary>
public sealed class DoctorTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-doctor");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AGoodSetup_PassesEveryBlockingCheck_AndReportsWhatTheBuildHas()
    {
        using var broker = MosquittoBroker.Start();
        var keys = _dir.File("keys");
        var keyId = KeyPairFiles.Generate(keys);
        var config = AgentConfigFile.Write(_dir.Path, "doc-ok", broker.Port);
        AgentEndpoint.Edit(config, c => c["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(Path.Combine(keys, KeyPairFiles.PublicFileName)) });

        var (exit, stdout, stderr) = await DsEdge.RunAsync("doctor", "--config", config, "--json");

        Assert.True(exit == 0, stdout + stderr);
        var checks = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!);
        Assert.DoesNotContain(checks.Values, c => c.GetProperty("status").GetString() == "fail");
        Assert.Contains("CPUExecutionProvider", checks["onnxruntime"].GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.Contains("FFmpeg YES", checks["opencv"].GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.Contains(keyId, checks["trusted keys"].GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{broker.Port} accepts this device", checks["broker"].GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.Equal("warn", checks["provider tensorrt"].GetProperty("status").GetString()); // the CPU build says so, with the fix
        Assert.False(string.IsNullOrEmpty(checks["provider tensorrt"].GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task AnUnreachableBrokerAndAMissingKey_FailWithTheirFixes()
    {
        using var broker = MosquittoBroker.Start();
        var port = broker.Port;
        broker.Stop();
        var config = AgentConfigFile.Write(_dir.Path, "doc-bad", port);
        AgentEndpoint.Edit(config, c => c["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(_dir.File("no-such.pem")) });

        var (exit, stdout, _) = await DsEdge.RunAsync("doctor", "--config", config);

        Assert.Equal(1, exit);
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("fail  broker", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("fail  config", StringComparison.Ordinal) && l.Contains("no-such.pem", StringComparison.Ordinal));
        Assert.Contains("fix: check Mqtt:Broker and Mqtt:Port", stdout, StringComparison.Ordinal);
    }
}
