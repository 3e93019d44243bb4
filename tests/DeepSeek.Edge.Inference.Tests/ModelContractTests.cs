using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class ModelContractTests
{
    [Fact]
    public void Load_ManifestNamesAnInputTheModelLacks_FailsListingTheModelsInputs()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["input"]!["name"] = "image");

        var ex = Assert.Throws<ModelContractException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Contains("\"image\"", ex.Message);
        Assert.Contains("input:0", ex.Message);
    }

    [Fact]
    public void Load_ManifestSizeDiffersFromModel_FailsWithBothShapes()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["input"]!["width"] = 256);

        var ex = Assert.Throws<ModelContractException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Contains("1,128,128,3", ex.Message);
        Assert.Contains("1,128,256,3", ex.Message);
    }

    [Fact]
    public void Load_ManifestLayoutWrong_FailsSuggestingLayout()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["input"]!["layout"] = "NCHW");

        var ex = Assert.Throws<ModelContractException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Contains("layout", ex.Message);
    }

    [Fact]
    public void Load_DecoderNamesAMissingOutput_FailsListingTheModelsOutputs()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["decoder"]!["scores"] = new JsonArray("scores", "Identity_1:0"));

        var ex = Assert.Throws<ModelContractException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Contains("\"scores\"", ex.Message);
        Assert.Contains("Identity_2:0", ex.Message);
    }

    [Fact]
    public void Load_AnchorLayoutThatDoesNotFitTheOutputs_FailsAtLoadNamingTheParameter()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(m => m["decoder"]!["layers"]![0]!["anchors"] = 3);

        var ex = Assert.Throws<Models.Manifest.ManifestException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.StartsWith("$.decoder.layers", ex.JsonPath);
    }

    [Fact]
    public void Open_ModelFileTampered_FailsWithExpectedAndActualHash()
    {
        var dir = ModelFixtures.BlazeFaceFrontWith(_ => { });
        var model = Path.Combine(dir, "model.onnx");
        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(model, bytes);

        var ex = Assert.Throws<ModelIntegrityException>(() => ModelBundle.Open(dir));

        Assert.Contains("model.onnx", ex.Message);
        Assert.Contains("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", ex.Message);
    }
}
