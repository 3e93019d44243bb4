using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Models.Tests;

public sealed class ManifestParserTests
{
    [Fact]
    public void Parse_ContractExample_ReadsEveryField()
    {
        var m = ManifestParser.Parse(Encoding.UTF8.GetBytes(ManifestJson.ValidJson));

        Assert.Equal("faces@1.2.0", m.Id);
        Assert.Equal(ModelTask.Detection, m.Task);
        Assert.Equal(TensorLayout.NHWC, m.Input.Layout);
        Assert.Equal([1L, 128, 128, 3], m.Input.Shape);
        Assert.Equal("ssd-anchors", m.Decoder.Kind);
        Assert.Equal(["face"], m.Labels);
        Assert.Equal(0.3f, m.Thresholds.Iou);
        Assert.Equal(ModelPrecision.FP32, m.Precision);
        Assert.Equal("r-17", m.Lineage!.Value.GetProperty("trainer_run").GetString());
    }

    [Theory]
    [InlineData("$", "label", "(did you mean \"labels\"?)")]
    [InlineData("$", "Precision", "(did you mean \"precision\"?)")]
    [InlineData("$.input", "resise", "(did you mean \"resize\"?)")]
    [InlineData("$.thresholds", "nms_iou", "; known keys here: score, iou")]
    [InlineData("$.files[0]", "sha265", "(did you mean \"sha256\"?)")]
    public void Parse_UnknownKey_NamesItAndTheClosestKnownKey(string where, string key, string expected)
    {
        var bytes = ManifestJson.With(r =>
        {
            var target = where switch
            {
                "$" => r,
                "$.files[0]" => r["files"]![0]!.AsObject(),
                _ => r[where[2..]]!.AsObject(),
            };
            target[key] = 1;
        });

        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(bytes));

        Assert.Equal($"{where}.{key}", ex.JsonPath);
        Assert.Contains("is not a known key", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuantizationBlock_ReadsTargetAndActivationsAndKeepsTheRest()
    {
        var m = ManifestParser.Parse(ManifestJson.With(r =>
            r["quantization"] = new JsonObject { ["method"] = "static", ["target"] = "tensorrt", ["activations"] = "int8", ["samples"] = 14 }));

        Assert.Equal(new QuantizationInfo(QuantizationTarget.TensorRT, ActivationType.Int8), m.QuantizationInfo);
        Assert.Equal(14, m.Quantization!.Value.GetProperty("samples").GetInt32());
    }

    [Theory]
    [InlineData("target", "tensorrtt", "$.quantization.target: is \"tensorrtt\" (did you mean \"tensorrt\"?); allowed: cpu, tensorrt")]
    [InlineData("activations", "u8", "$.quantization.activations: is \"u8\"; allowed: uint8, int8")]
    public void Parse_QuantizationTargetOrActivationsMistyped_NamesTheValueAndWhatIsAllowed(string key, string value, string expected)
    {
        var bytes = ManifestJson.With(r => r["quantization"] = new JsonObject { ["method"] = "static", [key] = value });

        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(bytes));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FitHeightWithANormalisedPad_ReadsBoth()
    {
        var m = ManifestParser.Parse(ManifestJson.With(r =>
        {
            r["input"]!["resize"] = "fit-height";
            r["input"]!["pad_normalized"] = 0;
        }));

        Assert.Equal(ResizeMode.FitHeight, m.Input.Resize);
        Assert.Equal(0f, m.Input.PadNormalized);
    }

    [Fact]
    public void Parse_PadAndPadNormalizedTogether_SaysToGiveOne()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r =>
        {
            r["input"]!["pad"] = 127.5;
            r["input"]!["pad_normalized"] = 0;
        })));

        Assert.Equal("$.input.pad_normalized", ex.JsonPath);
        Assert.Contains("either as a pixel value (pad) or as a tensor value (pad_normalized)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("layout", "NWHC", "$.input.layout", "nchw, nhwc")]
    [InlineData("color", "YUV", "$.input.color", "rgb, bgr, gray")]
    [InlineData("resize", "crop", "$.input.resize", "stretch, letterbox, fit-height")]
    public void Parse_InputEnumNotAllowed_NamesPathValueAndChoices(string field, string value, string path, string allowed)
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["input"]![field] = value)));

        Assert.Equal(path, ex.JsonPath);
        Assert.Contains($"\"{value}\"", ex.Message);
        Assert.Contains(allowed, ex.Message);
    }

    [Fact]
    public void Parse_MeanWithTwoValuesForRgb_NamesTheCount()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["input"]!["mean"] = new JsonArray(1, 2))));

        Assert.Equal("$.input.mean", ex.JsonPath);
        Assert.Contains("has 2 values; expected 3", ex.Message);
    }

    [Fact]
    public void Parse_ZeroStd_NamesTheElement()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["input"]!["std"] = new JsonArray(1, 0, 1))));
        Assert.Equal("$.input.std[1]", ex.JsonPath);
    }

    [Fact]
    public void Parse_MissingRequiredField_SaysItIsMissing()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r.Remove("version"))));

        Assert.Equal("$.version", ex.JsonPath);
        Assert.Contains("required", ex.Message);
    }

    [Fact]
    public void Parse_BadSha256_NamesTheFileEntry()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["files"]![0]!["sha256"] = "abc")));

        Assert.Equal("$.files[0].sha256", ex.JsonPath);
        Assert.Contains("64 hexadecimal digits", ex.Message);
    }

    [Fact]
    public void Parse_ModelNotListedInFiles_SaysToListIt()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["model"] = "other.onnx")));

        Assert.Equal("$.model", ex.JsonPath);
        Assert.Contains("no entry of $.files", ex.Message);
    }

    [Theory]
    [InlineData("../model.onnx")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b.onnx")]
    public void Parse_FilePathEscapingThePackage_IsRefused(string path)
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["files"]![0]!["path"] = path)));
        Assert.Equal("$.files[0].path", ex.JsonPath);
    }

    [Fact]
    public void Parse_WrongSchema_SaysWhichSchemaIsRead()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["schema"] = "deepseek-edge/model/v9")));
        Assert.Contains(ModelManifest.SchemaV1, ex.Message);
    }

    [Fact]
    public void Parse_ScoreThresholdAboveOne_NamesTheRange()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["thresholds"]!["score"] = 5)));

        Assert.Equal("$.thresholds.score", ex.JsonPath);
        Assert.Contains("between 0 and 1", ex.Message);
    }

    [Fact]
    public void Parse_BrokenJson_GivesTheLine()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse("{\n  \"schema\": \n}"u8, "faces/manifest.json"));

        Assert.StartsWith("faces/manifest.json:", ex.Message);
        Assert.Contains("line", ex.JsonPath);
    }

    [Fact]
    public void Parse_LabelsFromFile_ReadsThemThroughThePackage()
    {
        var m = ManifestParser.Parse(ManifestJson.With(r => r["labels"] = "labels.txt"), readLabelsFile: p => p == "labels.txt" ? ["cat", "dog"] : []);
        Assert.Equal(["cat", "dog"], m.Labels);
    }

    [Fact]
    public void Parse_DetectionWithoutDecoder_SaysTheDecoderIsRequired()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r.Remove("decoder"))));
        Assert.Equal("$.decoder", ex.JsonPath);
    }

    [Fact]
    public void Parse_Uint8InputWithMean_SaysToDropMeanAndStd()
    {
        var ex = Assert.Throws<ManifestException>(() => ManifestParser.Parse(ManifestJson.With(r => r["input"]!["dtype"] = "uint8")));
        Assert.Contains("drop mean and std", ex.Message);
    }
}
