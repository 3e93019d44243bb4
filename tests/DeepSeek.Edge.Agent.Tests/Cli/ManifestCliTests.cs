using System.Text.Json.Nodes;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary>Manifest mistakes and damaged inputs, through the real <c>ds-edge</c> process on the real BlazeFace model.</summary>
public sealed class ManifestCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-manifest-cli");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("$.decoder.anchor_ofset", "(did you mean \"anchor_offset\"?)")]
    [InlineData("$.decoder.class_agnostc", "(did you mean \"class_agnostic\"?)")]
    [InlineData("$.decoder.nms_mode", "is not a known key; known keys here: kind, scores, boxes")]
    [InlineData("$.treshold", "(did you mean \"thresholds\"?)")]
    public async Task ModelPack_ManifestWithAnUnknownKey_ExitsTwoNamingTheKeyAndWritesNoPackage(string key, string expected)
    {
        var model = CopyBlazeFace(m =>
        {
            var (block, name) = key.StartsWith("$.decoder.", StringComparison.Ordinal) ? (m["decoder"]!.AsObject(), key["$.decoder.".Length..]) : (m, key[2..]);
            if (name == "anchor_ofset") block.Remove("anchor_offset");
            block[name] = name == "nms_mode" ? "weighted" : JsonValue.Create(true);
        });
        var package = Path.Combine(_dir.Path, "faces.zip");

        var (exit, _, stderr) = await DsEdge.RunAsync("model", "pack", "--manifest", Path.Combine(model, "manifest.json"), "--out", package);

        Assert.Equal(2, exit);
        Assert.Contains($"{key}: is not a known key", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(package));
    }

    [Fact]
    public async Task Infer_ManifestTypo_ExitsTwoWithTheSuggestion()
    {
        var model = CopyBlazeFace(m => m["decoder"]!["class_agnostc"] = true);

        var (exit, _, stderr) = await DsEdge.RunAsync("infer", "--model", model, "--input", TestAssets.Media("astronaut.png"));

        Assert.Equal(2, exit);
        Assert.Contains("$.decoder.class_agnostc: is not a known key (did you mean \"class_agnostic\"?)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BlazeFaceOutputPairsSwapped_ExitsTwoNamingTheOrderThatFits()
    {
        var model = CopyBlazeFace(m =>
        {
            m["decoder"]!["scores"] = new JsonArray("Identity_1:0", "Identity:0");
            m["decoder"]!["boxes"] = new JsonArray("Identity_3:0", "Identity_2:0");
        });

        var (exit, stdout, stderr) = await DsEdge.RunAsync("infer", "--model", model, "--input", TestAssets.Media("astronaut.png"));

        Assert.Equal(2, exit);
        Assert.DoesNotContain("face", stdout, StringComparison.Ordinal);
        Assert.Contains("$.decoder.scores: pair 1 (\"Identity_1:0\" / \"Identity_3:0\") holds anchors 0-383, but the layers end at anchors 512, 896", stderr, StringComparison.Ordinal);
        Assert.Contains("list them in layer order: \"scores\": [\"Identity:0\", \"Identity_1:0\"], \"boxes\": [\"Identity_2:0\", \"Identity_3:0\"]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_FolderWithOneCorruptImage_InfersTheOthersAndReportsOneSkipped()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "photos")).FullName;
        File.Copy(TestAssets.Media("astronaut.png"), Path.Combine(folder, "a-astronaut.png"));
        File.WriteAllText(Path.Combine(folder, "b-damaged.jpg"), "not a JPEG: the upload was cut off");
        File.Copy(TestAssets.Media("chelsea.png"), Path.Combine(folder, "c-chelsea.png"));

        var (exit, stdout, stderr) = await DsEdge.RunAsync("infer", "--model", TestAssets.BlazeFaceFront, "--input", folder);

        Assert.Equal(0, exit);
        Assert.Contains("frame 0 (a-astronaut.png): 1 detection(s)", stdout, StringComparison.Ordinal);
        Assert.Contains("frame 1 (c-chelsea.png): 0 detection(s)", stdout, StringComparison.Ordinal);
        Assert.Contains("2 frame(s), 1 unreadable image(s) skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("skipped b-damaged.jpg, which cannot be read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_FolderOfOnlyCorruptImages_ExitsTwo()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "broken")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.png"), "not a PNG");

        var (exit, _, stderr) = await DsEdge.RunAsync("infer", "--model", TestAssets.BlazeFaceFront, "--input", folder);

        Assert.Equal(2, exit);
        Assert.Contains("none of the 1 image(s)", stderr, StringComparison.Ordinal);
    }

    private string CopyBlazeFace(Action<JsonObject> edit)
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir.Path, "model-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.Copy(Path.Combine(TestAssets.BlazeFaceFront, "model.onnx"), Path.Combine(target, "model.onnx"));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestAssets.BlazeFaceFront, "manifest.json")))!.AsObject();
        edit(manifest);
        File.WriteAllText(Path.Combine(target, "manifest.json"), manifest.ToJsonString());
        return target;
    }
}
