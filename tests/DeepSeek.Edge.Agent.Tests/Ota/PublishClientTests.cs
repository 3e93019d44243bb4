using System.Security.Cryptography;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Cli;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary><c>ds-edge model publish</c> against a real mosquitto: what a device finds retained afterwards.</summary>
public sealed class PublishClientTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly TempDirectory _dir = new("dsedge-publish");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PublishAsync_SignedPackage_RetainsChunksOfferAndDesiredStateThatReassembleAndVerify()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", key);
        using var broker = MosquittoBroker.Start();

        var result = await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", "cam-07", null, "door", ChunkSize), CancellationToken.None);

        Assert.Equal(("blazeface-back", "1.1.0", package.Sha256), (result.Name, result.Version, result.PackageSha256));
        Assert.Equal("dsedge/devices/cam-07/state/desired", result.DesiredTopic);
        var expectedChunks = (int)((package.Size + ChunkSize - 1) / ChunkSize);
        Assert.Equal(expectedChunks, result.ChunkCount);

        // A device that connects later: everything is retained.
        await using var device = await MqttProbe.ConnectAsync(broker.Port, "dsedge/models/blazeface-back/1.1.0/#", "dsedge/devices/cam-07/state/desired");
        var received = await device.TakeAsync(expectedChunks + 2);
        Assert.All(received, m => Assert.True(m.Retain));

        var desired = Assert.Single(received, m => m.Topic.EndsWith("/state/desired", StringComparison.Ordinal)).Json;
        Assert.Equal("deepseek-edge/desired-state/v1", desired.GetProperty("schema").GetString());
        var wanted = Assert.Single(desired.GetProperty("models").EnumerateArray());
        Assert.Equal("blazeface-back", wanted.GetProperty("name").GetString());
        Assert.Equal("1.1.0", wanted.GetProperty("version").GetString());
        Assert.Equal("door", Assert.Single(wanted.GetProperty("cameras").EnumerateArray()).GetString());

        var offer = Assert.Single(received, m => m.Topic.EndsWith("/manifest", StringComparison.Ordinal)).Json;
        Assert.Equal("deepseek-edge/model-offer/v1", offer.GetProperty("schema").GetString());
        Assert.Equal(package.Sha256, offer.GetProperty("package").GetProperty("sha256").GetString());
        Assert.Equal(package.Size, offer.GetProperty("package").GetProperty("size").GetInt64());
        Assert.Equal(expectedChunks, offer.GetProperty("package").GetProperty("chunk_count").GetInt32());
        Assert.Equal(ChunkSize, offer.GetProperty("package").GetProperty("chunk_size").GetInt32());
        Assert.False(string.IsNullOrEmpty(offer.GetProperty("signature").GetString()));

        var hashes = offer.GetProperty("chunks").EnumerateArray().Select(h => h.GetString()!).ToArray();
        var manifest = new ChunkManifest(package.Size, package.Sha256, ChunkSize, hashes);
        var assemblyDir = Path.Combine(_dir.Path, "download");
        using (var assembler = ChunkAssembler.Open(assemblyDir, manifest))
        {
            foreach (var chunk in received.Where(m => m.Topic.Contains("/chunks/", StringComparison.Ordinal)))
            {
                var index = int.Parse(chunk.Topic[(chunk.Topic.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(hashes[index], chunk.Property("sha256"));
                Assert.Equal(hashes[index], Convert.ToHexStringLower(SHA256.HashData(chunk.Payload)));
                Assert.True(await assembler.WriteChunkAsync(index, chunk.Payload));
            }

            Assert.Empty(assembler.MissingChunks());
            var assembled = assembler.Complete();
            var trusted = TrustedKeys.FromPem(key.ExportPublicKeyPem(), "test key");
            var verified = new PackageVerifier(trusted).Verify(assembled);
            Assert.Equal("blazeface-back@1.1.0", verified.Manifest.Id);
        }
    }

    [Fact]
    public async Task PublishCommand_GroupTarget_ExitsZeroAndRetainsGroupDesiredState()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-front", "2.0.0", key);
        using var broker = MosquittoBroker.Start();

        var (exit, stdout, stderr) = await DsEdge.RunAsync("model", "publish", "--broker", $"127.0.0.1:{broker.Port}", "--group", "lobby", package.Path);

        Assert.True(exit == 0, stderr);
        Assert.Contains("published blazeface-front@2.0.0", stdout, StringComparison.Ordinal);
        // One progress line per tenth sent, not one per chunk.
        Assert.Contains("sent 100% (", stderr, StringComparison.Ordinal);
        Assert.InRange(stderr.Split('\n').Count(l => l.Contains("ds-edge model publish: sent ", StringComparison.Ordinal)), 1, 10);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, "dsedge/groups/lobby/state/desired");
        var desired = await console.NextAsync();
        Assert.True(desired.Retain);
        var wanted = Assert.Single(desired.Json.GetProperty("models").EnumerateArray());
        Assert.Equal("2.0.0", wanted.GetProperty("version").GetString());
        Assert.False(wanted.TryGetProperty("cameras", out _));
    }

    [Fact]
    public async Task PublishCommand_MissingPackage_ExitsTwo()
    {
        var (exit, _, stderr) = await DsEdge.RunAsync("model", "publish", "--broker", "127.0.0.1:1", _dir.File("absent.zip"));

        Assert.Equal(2, exit);
        Assert.Contains("absent.zip", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishCommand_BrokerUnreachable_ExitsOne()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "1.0.1", key);

        var (exit, _, stderr) = await DsEdge.RunAsync("model", "publish", "--broker", $"127.0.0.1:{FreePort.Next()}", package.Path);

        Assert.True(exit == 1, stderr);
    }

    [Theory]
    [InlineData("broker.local", "broker.local", 1883)]
    [InlineData("10.0.0.5:8883", "10.0.0.5", 8883)]
    public void ParseBroker_HostOrHostPort_SplitsWithDefaultPort(string value, string host, int port) =>
        Assert.Equal((host, port), PublishCommand.ParseBroker(value));

    [Theory]
    [InlineData("host:")]
    [InlineData("host:70000")]
    [InlineData(":1883")]
    public void ParseBroker_BadPort_Throws(string value) =>
        Assert.Throws<ArgumentException>(() => PublishCommand.ParseBroker(value));
}
