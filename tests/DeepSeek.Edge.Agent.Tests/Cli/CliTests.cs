using System.Text.Json;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Infer_JsonOnAPhoto_PrintsOneLinePerFrameWithTheFaceInSourcePixels()
    {
        var (exit, stdout, _) = await DsEdge.RunAsync("infer", "--model", TestAssets.BlazeFaceFront, "--input", TestAssets.Media("astronaut.png"), "--json");

        Assert.Equal(0, exit);
        var line = JsonDocument.Parse(stdout.Trim().Split('\n').Single()).RootElement;
        Assert.Equal("astronaut.png", line.GetProperty("source").GetString());
        var face = line.GetProperty("detections").EnumerateArray().Single();
        Assert.Equal("face", face.GetProperty("label").GetString());
        var box = face.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.InRange(box[0] + box[2] / 2, 0.40 * 512, 0.48 * 512);
    }

    [Fact]
    public async Task Infer_MissingModel_ExitsTwoNamingThePath()
    {
        var (exit, _, stderr) = await DsEdge.RunAsync("infer", "--model", "/no/such/model", "--input", TestAssets.Media("astronaut.png"));

        Assert.Equal(2, exit);
        Assert.Contains("/no/such/model", stderr);
    }

    [Fact]
    public async Task Profile_ShortVideo_ReportsEveryFrameInAndOut()
    {
        var (exit, stdout, _) = await DsEdge.RunAsync("profile", "--model", TestAssets.BlazeFaceFront, "--source", "file:" + TestAssets.Media("realshort.mp4"), "--json");

        Assert.Equal(0, exit);
        var counters = JsonDocument.Parse(stdout).RootElement.GetProperty("counters");
        Assert.Equal(36, counters.GetProperty("captured").GetInt64());
        Assert.Equal(36, counters.GetProperty("processed").GetInt64());
        Assert.Equal(0, counters.GetProperty("dropped").GetInt64());
    }

    [Fact]
    public async Task ModelVerbs_PackSignVerify_AcceptTheRightKeyAndRefuseAnother()
    {
        var trainer = Path.Combine(_dir.Path, "trainer");
        var other = Path.Combine(_dir.Path, "other");
        var package = Path.Combine(_dir.Path, "faces.zip");
        Assert.Equal(0, (await DsEdge.RunAsync("model", "keygen", "--out", trainer)).Exit);
        Assert.Equal(0, (await DsEdge.RunAsync("model", "keygen", "--out", other)).Exit);
        Assert.Equal(0, (await DsEdge.RunAsync("model", "pack", "--manifest", Path.Combine(TestAssets.BlazeFaceFront, "manifest.json"), "--out", package)).Exit);
        Assert.Equal(0, (await DsEdge.RunAsync("model", "sign", "--key", Path.Combine(trainer, "private.pem"), package)).Exit);

        var good = await DsEdge.RunAsync("model", "verify", "--key", Path.Combine(trainer, "public.pem"), package);
        var bad = await DsEdge.RunAsync("model", "verify", "--key", Path.Combine(other, "public.pem"), package);

        Assert.Equal(0, good.Exit);
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("key", bad.Stderr + bad.Stdout, StringComparison.OrdinalIgnoreCase);
    }
}
