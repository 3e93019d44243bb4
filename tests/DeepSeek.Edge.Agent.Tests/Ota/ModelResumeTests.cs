using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>A download broken off earlier resumes from the chunks already stored: the broker no longer needs to hold them.</summary>
public sealed class ModelResumeTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly TempDirectory _dir = new("dsedge-ota-resume");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Agent_HalfDownloadedPackage_FetchesOnlyMissingChunksAndActivates()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.2.0", key);
        var chunks = PackageChunker.Describe(package.Path, ChunkSize);
        var stored = chunks.ChunkCount / 2;
        Assert.True(stored > 0);

        // What an earlier run left behind: the first half of the chunks, in the store's download directory.
        var layout = new StoreLayout(Path.Combine(_dir.Path, "state", "models"));
        using (var partial = ChunkAssembler.Open(layout.DownloadDirectory(chunks.PackageSha256), chunks))
        {
            for (var i = 0; i < stored; i++) await partial.WriteChunkAsync(i, PackageChunker.ReadChunk(package.Path, chunks, i));
        }

        using var broker = MosquittoBroker.Start();
        var device = "resume-" + Guid.NewGuid().ToString("N")[..6];
        var configPath = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        var publicKey = _dir.File("trusted.pem");
        File.WriteAllText(publicKey, key.ExportPublicKeyPem());
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["Ota"] = new JsonObject { ["TrustedKeys"] = new JsonArray(publicKey), ["BaselineWindow"] = "00:00:01", ["HealthWindow"] = "00:00:01", ["MinFpsRatio"] = 0 };
        File.WriteAllText(configPath, config.ToJsonString());

        // Offer and chunks, then the stored half is removed from the broker: a device that asked for it would wait forever.
        await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", null, null, null, ChunkSize), CancellationToken.None);
        using var fleet = new MqttClientFactory().CreateMqttClient();
        await fleet.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", broker.Port).WithTimeout(TestTimeouts.Wait).Build());
        for (var i = 0; i < stored; i++)
        {
            await fleet.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"dsedge/models/blazeface-back/1.2.0/chunks/{i}")
                .WithPayload(Array.Empty<byte>()).WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        using var host = AgentHost.Build(AgentConfiguration.Build(configPath, []));
        await host.StartAsync();
        try
        {
            await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal));
            await fleet.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"dsedge/devices/{device}/state/desired")
                .WithPayload(ProtocolJson.Write(new DesiredStateDocument("1", [new DesiredModel("blazeface-back", "1.2.0", ["door"])])))
                .WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

            var downloads = new List<long>();
            while (true)
            {
                var door = OtaAgent.CameraState((await probe.NextAsync(m => m.Topic.EndsWith("/models/state", StringComparison.Ordinal) && OtaAgent.CameraState(m.Json) is not null)).Json)!.Value;
                var state = door.GetProperty("state").GetString();
                if (door.TryGetProperty("bytes", out var bytes)) downloads.Add(bytes.GetInt64());
                if (state is "active" or "failed")
                {
                    Assert.Equal("active", state);
                    break;
                }
            }

            Assert.Equal(chunks.OffsetOf(stored), downloads[0]); // the first report: what the earlier run stored
            Assert.Equal(chunks.PackageSize, downloads[^1]);
            await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal)
                && m.Json.GetProperty("model").GetProperty("version").GetString() == "1.2.0");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
