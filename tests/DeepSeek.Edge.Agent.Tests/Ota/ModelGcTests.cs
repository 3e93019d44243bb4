using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Agent.Cli.Model;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Cli;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary><c>ds-edge model gc</c> against a real mosquitto: the newest K and the versions a desired state selects survive.</summary>
public sealed class ModelGcTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly TempDirectory _dir = new("dsedge-gc");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task GcCommand_KeepTwo_KeepsNumericallyNewestTwoAndTheSelectedOneAndRemovesTheRest()
    {
        using var key = SigningKey.Generate();
        using var broker = MosquittoBroker.Start();
        foreach (var version in new[] { "1.2.0", "1.9.0", "1.10.0" })
            await PublishAsync(broker, key, version, group: null);
        await PublishAsync(broker, key, "1.0.0", group: "lobby");
        string[] args = ["model", "gc", "--broker", $"127.0.0.1:{broker.Port}", "--name", "blazeface-front", "--keep", "2"];

        var dryRun = await DsEdge.RunAsync([.. args, "--dry-run"]);

        Assert.True(dryRun.Exit == 0, dryRun.Stderr);
        Assert.Contains("would remove blazeface-front@1.2.0", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(["1.0.0", "1.10.0", "1.2.0", "1.9.0"], await RetainedTopics.OfferedVersionsAsync(broker.Port, "blazeface-front"));

        var gc = await DsEdge.RunAsync(args);

        Assert.True(gc.Exit == 0, gc.Stderr);
        Assert.Equal(
            [
                "kept blazeface-front@1.10.0 (one of the newest 2)",
                "kept blazeface-front@1.9.0 (one of the newest 2)",
                "removed blazeface-front@1.2.0 (offer and 4 chunks)",
                "kept blazeface-front@1.0.0 (selected by dsedge/groups/lobby/state/desired)",
            ],
            gc.Stdout.Trim().Split('\n'));
        Assert.Equal(["1.0.0", "1.10.0", "1.9.0"], await RetainedTopics.OfferedVersionsAsync(broker.Port, "blazeface-front"));
        Assert.Empty(await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/blazeface-front/1.2.0/#"));
        Assert.Equal(4, (await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/blazeface-front/1.9.0/chunks/+")).Count);
    }

    [Theory]
    [InlineData(new[] { "1.9.0", "1.10.0", "1.2", "2" }, new[] { "2", "1.10.0", "1.9.0", "1.2" })]
    [InlineData(new[] { "1.10.0", "1.9.0-rc1", "1.2.0" }, new[] { "1.9.0-rc1", "1.2.0", "1.10.0" })]
    [InlineData(new[] { "1.2.0", "1.2", "01.2.0" }, new[] { "1.2.0", "1.2", "01.2.0" })]
    public void ModelVersionOrder_DottedNumericWhenEveryVersionIsElseOrdinal(string[] versions, string[] newestFirst) =>
        Assert.Equal(newestFirst, ModelVersionOrder.Sort(versions).NewestFirst);

    private async Task PublishAsync(MosquittoBroker broker, SigningKey key, string version, string? group)
    {
        var package = OtaPackages.Repack(_dir.Path, "blazeface-front", version, key);
        await new PublishClient(TimeProvider.System, TextWriter.Null).PublishAsync(
            new PublishRequest(package.Path, "127.0.0.1", broker.Port, "dsedge", null, group, null, ChunkSize), CancellationToken.None);
    }
}
