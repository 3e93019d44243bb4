using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>The whole agent in-process against a real mosquitto, updated over the air by <c>ds-edge model publish</c>.</summary>
public sealed class ModelUpdaterTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Agent_SignedPackagePublished_SwitchesCameraAndKeepsDetecting()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", key);
        var (states, events) = await RunAgentAndPublishAsync(key, package.Path, async (stateOf, nextEvent) =>
        {
            var final = await stateOf(s => s is "active" or "failed");
            Assert.Equal("active", final.GetProperty("state").GetString());
            var face = await nextEvent(e => e.GetProperty("model").GetProperty("version").GetString() == "1.1.0");
            Assert.Equal("blazeface-back", face.GetProperty("model").GetProperty("name").GetString());
        });

        Assert.Contains("downloading", states);
        Assert.Contains("verifying", states);
        Assert.True(events > 0);
    }

    [Fact]
    public async Task Agent_PackageSignedByUnknownKey_ReportsRejectionAndKeepsOldModel()
    {
        using var trusted = SigningKey.Generate();
        using var stranger = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", stranger);
        await RunAgentAndPublishAsync(trusted, package.Path, async (stateOf, nextEvent) =>
        {
            var final = await stateOf(s => s is "active" or "failed");
            Assert.Equal("failed", final.GetProperty("state").GetString());
            Assert.Contains(stranger.KeyId, final.GetProperty("reason").GetString(), StringComparison.Ordinal);
            var face = await nextEvent(_ => true);
            Assert.NotEqual("1.1.0", face.GetProperty("model").GetProperty("version").GetString());
        });
    }

    private async Task<(List<string> States, int Events)> RunAgentAndPublishAsync(
        SigningKey trustedKey, string packagePath,
        Func<Func<Func<string, bool>, Task<JsonElement>>, Func<Func<JsonElement, bool>, Task<JsonElement>>, Task> check)
    {
        using var broker = MosquittoBroker.Start();
        var device = "ota-" + Guid.NewGuid().ToString("N")[..6];
        var configPath = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        var publicKey = _dir.File("trusted.pem");
        File.WriteAllText(publicKey, trustedKey.ExportPublicKeyPem());
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(publicKey) };
        File.WriteAllText(configPath, config.ToJsonString());

        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        using var host = AgentHost.Build(AgentConfiguration.Build(configPath, []));
        await host.StartAsync();
        var states = new List<string>();
        var events = 0;
        try
        {
            await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal)); // the camera runs its first model
            await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
                new PublishRequest(packagePath, "127.0.0.1", broker.Port, "dsedge", device, null, "door", 64 * 1024), CancellationToken.None);

            async Task<JsonElement> StateOf(Func<string, bool> done)
            {
                while (true)
                {
                    var m = await probe.NextAsync(m => m.Topic.EndsWith("/models/state", StringComparison.Ordinal));
                    var door = m.Json.GetProperty("cameras").GetProperty("door");
                    var state = door.GetProperty("state").GetString()!;
                    states.Add(state);
                    if (done(state)) return door;
                }
            }

            async Task<JsonElement> NextEvent(Func<JsonElement, bool> where)
            {
                var m = await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal) && where(m.Json));
                events++;
                return m.Json;
            }

            await check(StateOf, NextEvent);
        }
        finally
        {
            await host.StopAsync();
        }

        return (states, events);
    }
}
