using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Cli;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary><c>ds-edge model unpublish</c> against a real mosquitto: what a device finds retained afterwards, and when it refuses.</summary>
public sealed class UnpublishTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly TempDirectory _dir = new("dsedge-unpublish");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task UnpublishAsync_PublishedVersion_ClearsOfferFirstThenEveryChunkSoAFreshSubscriberFindsNothing()
    {
        using var broker = MosquittoBroker.Start();
        var published = await PublishAsync(broker, "blazeface-back", "1.1.0", device: null);
        Assert.True(published.ChunkCount > 1);
        Assert.Equal(published.ChunkCount + 1, (await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/#")).Count);
        await using var watcher = await MqttProbe.ConnectAsync(broker.Port, "dsedge/models/blazeface-back/1.1.0/#");

        var result = await new UnpublishClient(TextWriter.Null).UnpublishAsync(
            new UnpublishRequest("127.0.0.1", broker.Port, "dsedge", "blazeface-back", "1.1.0", Force: false), CancellationToken.None);

        Assert.Equal(published.ChunkCount, result.ChunkCount);
        Assert.Empty(await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/#"));
        var firstClear = await watcher.NextAsync(m => !m.Retain);
        Assert.Equal("dsedge/models/blazeface-back/1.1.0/manifest", firstClear.Topic);
        Assert.Empty(firstClear.Payload);
    }

    [Fact]
    public async Task UnpublishCommand_VersionSelectedByDesiredState_ExitsTwoNamingTheDocumentAndRemovesOnlyWithForce()
    {
        using var broker = MosquittoBroker.Start();
        var published = await PublishAsync(broker, "blazeface-back", "1.2.0", device: "cam-07");
        string[] args = ["model", "unpublish", "--broker", $"127.0.0.1:{broker.Port}", "--name", "blazeface-back", "--version", "1.2.0"];

        var refused = await DsEdge.RunAsync(args);

        Assert.Equal(2, refused.Exit);
        Assert.Contains("dsedge/devices/cam-07/state/desired", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(["1.2.0"], await RetainedTopics.OfferedVersionsAsync(broker.Port, "blazeface-back"));

        var forced = await DsEdge.RunAsync([.. args, "--force"]);

        Assert.True(forced.Exit == 0, forced.Stderr);
        Assert.Equal($"unpublished blazeface-back@1.2.0 offer and {published.ChunkCount} chunks", forced.Stdout.Trim());
        Assert.Empty(await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/#"));
        Assert.Single(await RetainedTopics.ReadAsync(broker.Port, "dsedge/devices/cam-07/state/desired"));
    }

    [Fact]
    public async Task UnpublishCommand_VersionNotPublished_ExitsTwo()
    {
        using var broker = MosquittoBroker.Start();
        await PublishAsync(broker, "blazeface-back", "1.3.0", device: null);

        var (exit, _, stderr) = await DsEdge.RunAsync("model", "unpublish", "--broker", $"127.0.0.1:{broker.Port}", "--name", "blazeface-back", "--version", "9.9.9");

        Assert.Equal(2, exit);
        Assert.Contains("blazeface-back@9.9.9 is not published", stderr, StringComparison.Ordinal);
        Assert.Equal(["1.3.0"], await RetainedTopics.OfferedVersionsAsync(broker.Port, "blazeface-back"));
    }

    [Fact]
    public async Task UnpublishCommand_BrokerUnreachable_ExitsOne()
    {
        var (exit, _, stderr) = await DsEdge.RunAsync("model", "unpublish", "--broker", $"127.0.0.1:{FreePort.Next()}", "--name", "faces", "--version", "1.0.0");

        Assert.True(exit == 1, stderr);
    }

    private Task<PublishResult> PublishAsync(MosquittoBroker broker, string model, string version, string? device)
    {
        var package = OtaPackages.Repack(_dir.Path, model, version, _key);
        return new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", device, null, null, ChunkSize), CancellationToken.None);
    }
}
