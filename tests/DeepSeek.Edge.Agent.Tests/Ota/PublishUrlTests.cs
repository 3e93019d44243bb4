using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Cli;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary><c>ds-edge model publish --url</c>: a package served over HTTP(S) gets a desired state that names it, and no MQTT chunks.</summary>
public sealed class PublishUrlTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-publish-url");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PublishCommand_Url_RetainsDesiredStateWithSourceDigestAndSizeAndNoOfferOrChunks()
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "3.0.0", key);
        using var broker = MosquittoBroker.Start();
        const string url = "https://models.example.com/blazeface-back-3.0.0.zip";

        var (exit, stdout, stderr) = await DsEdge.RunAsync("model", "publish", "--broker", $"127.0.0.1:{broker.Port}",
            "--url", url, "--device", "cam-07", "--camera", "door", package.Path);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"published blazeface-back@3.0.0 size {package.Size} sha256 {package.Sha256} source {url}", stdout, StringComparison.Ordinal);
        var desired = Assert.Single(await RetainedTopics.ReadAsync(broker.Port, "dsedge/devices/cam-07/state/desired")).Json;
        Assert.Equal("deepseek-edge/desired-state/v1", desired.GetProperty("schema").GetString());
        var wanted = Assert.Single(desired.GetProperty("models").EnumerateArray());
        Assert.Equal("blazeface-back", wanted.GetProperty("name").GetString());
        Assert.Equal("3.0.0", wanted.GetProperty("version").GetString());
        Assert.Equal("door", Assert.Single(wanted.GetProperty("cameras").EnumerateArray()).GetString());
        Assert.Equal(url, wanted.GetProperty("source").GetString());
        Assert.Equal(package.Sha256, wanted.GetProperty("sha256").GetString());
        Assert.Equal(package.Size, wanted.GetProperty("size").GetInt64());
        Assert.Empty(await RetainedTopics.ReadAsync(broker.Port, "dsedge/models/#"));
    }

    [Theory]
    [InlineData("ftp://models.example.com/p.zip", "--device", "not an http:// or https:// URL")]
    [InlineData("models/p.zip", "--device", "not an http:// or https:// URL")]
    [InlineData("https://models.example.com/p.zip", null, "give --device or --group")]
    public async Task PublishCommand_BadUrlOrNoTarget_ExitsTwoAndPublishesNothing(string url, string? target, string error)
    {
        using var key = SigningKey.Generate();
        var package = OtaPackages.Repack(_dir.Path, "blazeface-back", "3.0.1", key);
        using var broker = MosquittoBroker.Start();
        string[] args = ["model", "publish", "--broker", $"127.0.0.1:{broker.Port}", "--url", url, package.Path];

        var (exit, _, stderr) = await DsEdge.RunAsync(target is null ? args : [.. args, target, "cam-07"]);

        Assert.Equal(2, exit);
        Assert.Contains(error, stderr, StringComparison.Ordinal);
        Assert.Empty(await RetainedTopics.ReadAsync(broker.Port, "dsedge/#"));
    }
}
