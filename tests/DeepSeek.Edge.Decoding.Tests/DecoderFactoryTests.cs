using DeepSeek.Edge.Decoding.Tests.Support;
using System.Text.Json;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Tests;

public sealed class DecoderFactoryTests
{
    [Fact]
    public void Kinds_Always_ListsEveryKindOfContract1()
    {
        Assert.Equal(["softmax", "yolov5", "yolov8", "yolox", "ssd-anchors", "boxes-scores", "embedding"], DecoderFactory.Kinds);
    }

    [Theory]
    [InlineData("classification", """{ "kind": "softmax" }""")]
    [InlineData("detection", """{ "kind": "yolov5" }""")]
    [InlineData("detection", """{ "kind": "YOLOv8" }""")]
    [InlineData("detection", """{ "kind": "yolox" }""")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 32, "anchors": 1 }] }""")]
    [InlineData("detection", """{ "kind": "boxes-scores", "boxes": "b", "scores": "s" }""")]
    [InlineData("embedding", """{ "kind": "embedding" }""")]
    public void Create_EachKindWithItsTask_ReturnsDecoderOfThatKind(string task, string decoder)
    {
        var manifest = TestManifests.Parse(task, decoder);

        var created = DecoderFactory.Create(manifest);

        Assert.Equal(manifest.Decoder.Kind, created.Kind);
    }

    [Theory]
    [InlineData("blazeface-front", "ssd-anchors")]
    [InlineData("blazeface-back", "ssd-anchors")]
    [InlineData("ppocr-angle-cls", "softmax")]
    [InlineData("resnet18-features", "embedding")]
    public void Create_ShippedManifest_ReturnsItsDecoder(string name, string kind)
    {
        var decoder = DecoderFactory.Create(TestManifests.Real(name));

        Assert.Equal(kind, decoder.Kind);
        Assert.NotEmpty(decoder.OutputNames);
    }

    [Fact]
    public void Create_EmbeddingManifestWithoutDecoderBlock_ReadsFirstOutput()
    {
        var manifest = TestManifests.Parse("embedding", decoderJson: null);
        var decoder = DecoderFactory.Create(manifest);

        var result = decoder.Decode(Tensors.Outputs(Tensors.Of("features", [1, 2], [1f, 2f])), manifest.Thresholds);

        Assert.Empty(decoder.OutputNames);
        Assert.Equal([1f, 2f], result.Embedding!);
    }

    [Fact]
    public void Create_UnknownKind_ThrowsAtKindListingKnownKinds()
    {
        var ex = Assert.Throws<ManifestException>(() => TestManifests.Decoder("detection", """{ "kind": "yolov99" }"""));

        Assert.Equal("$.decoder.kind", ex.JsonPath);
        Assert.Contains("yolov99", ex.Message, StringComparison.Ordinal);
        foreach (var kind in DecoderFactory.Kinds) Assert.Contains(kind, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DetectionKindForClassificationTask_ThrowsNamingTheTaskItNeeds()
    {
        var ex = Assert.Throws<ManifestException>(() => TestManifests.Decoder("classification", """{ "kind": "yolov5" }"""));

        Assert.Equal("$.decoder.kind", ex.JsonPath);
        Assert.Contains("needs task \"detection\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"classification\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SoftmaxForEmbeddingTask_ThrowsNamingClassification()
    {
        var ex = Assert.Throws<ManifestException>(() => TestManifests.Decoder("embedding", """{ "kind": "softmax" }"""));

        Assert.Contains("needs task \"classification\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("classification", """{ "kind": "softmax", "top_k": "five" }""", "$.decoder.top_k")]
    [InlineData("classification", """{ "kind": "softmax", "top_k": 0 }""", "$.decoder.top_k")]
    [InlineData("classification", """{ "kind": "softmax", "apply_softmax": "yes" }""", "$.decoder.apply_softmax")]
    [InlineData("detection", """{ "kind": "yolov5", "max_detections": -1 }""", "$.decoder.max_detections")]
    [InlineData("detection", """{ "kind": "yolov8", "class_agnostic": 1 }""", "$.decoder.class_agnostic")]
    [InlineData("detection", """{ "kind": "yolox", "strides": [8, 0, 32] }""", "$.decoder.strides[1]")]
    [InlineData("detection", """{ "kind": "yolox", "strides": [] }""", "$.decoder.strides")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 8, "anchors": 2 }, { "stride": 0, "anchors": 6 }] }""", "$.decoder.layers[1].stride")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 8 }] }""", "$.decoder.layers[0].anchors")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"] }""", "$.decoder.layers")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s1", "s2"], "boxes": ["b"], "layers": [{ "stride": 8, "anchors": 2 }] }""", "$.decoder.boxes")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s", 3], "boxes": ["b", "c"], "layers": [{ "stride": 8, "anchors": 2 }] }""", "$.decoder.scores[1]")]
    [InlineData("detection", """{ "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 8, "anchors": 2 }], "box_scale": 0 }""", "$.decoder.box_scale")]
    [InlineData("detection", """{ "kind": "boxes-scores", "scores": "s" }""", "$.decoder.boxes")]
    [InlineData("detection", """{ "kind": "boxes-scores", "boxes": "b", "scores": "s", "nms": "no" }""", "$.decoder.nms")]
    [InlineData("embedding", """{ "kind": "embedding", "output": "" }""", "$.decoder.output")]
    public void Create_BadParameter_ThrowsAtItsJsonPath(string task, string decoder, string path)
    {
        var ex = Assert.Throws<ManifestException>(() => TestManifests.Decoder(task, decoder));

        Assert.Equal(path, ex.JsonPath);
    }

    [Fact]
    public void Create_UnknownBoxFormat_ThrowsListingAllowedFormats()
    {
        var ex = Assert.Throws<ManifestException>(() =>
            TestManifests.Decoder("detection", """{ "kind": "boxes-scores", "boxes": "b", "scores": "s", "box_format": "ltrb" }"""));

        Assert.Equal("$.decoder.box_format", ex.JsonPath);
        Assert.Contains("\"ltrb\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("xyxy, xywh, cxcywh, yxyx", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anchor_ofset", "(did you mean \"anchor_offset\"?)")]
    [InlineData("class_agnostc", "(did you mean \"class_agnostic\"?)")]
    [InlineData("Keypoints", "(did you mean \"keypoints\"?)")]
    [InlineData("nms_mode", "is not a known key; known keys here: kind, scores, boxes, layers, anchor_offset")]
    public void Create_RealManifestWithAnUnknownDecoderKey_ThrowsAtTheKeyNamingTheClosestKnownOne(string key, string expected)
    {
        var manifest = TestManifests.RealWith("blazeface-front", m => m["decoder"]![key] = 1);

        var ex = Assert.Throws<ManifestException>(() => DecoderFactory.Create(manifest));

        Assert.Equal($"$.decoder.{key}", ex.JsonPath);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownKeyInAnAnchorLayer_ThrowsAtThatLayer()
    {
        var manifest = TestManifests.RealWith("blazeface-front", m => m["decoder"]!["layers"]![1]!["strides"] = 16);

        var ex = Assert.Throws<ManifestException>(() => DecoderFactory.Create(manifest));

        Assert.Equal("$.decoder.layers[1].strides", ex.JsonPath);
        Assert.Contains("(did you mean \"stride\"?)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysOf_EveryKind_MatchesTheDecoderBlockOfTheManifestSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Testing.ProtocolSchemas.Directory, "model.v1.json")));
        var byKind = schema.RootElement.GetProperty("properties").GetProperty("decoder").GetProperty("allOf").EnumerateArray().ToDictionary(
            rule => rule.GetProperty("if").GetProperty("properties").GetProperty("kind").GetProperty("const").GetString()!,
            rule => rule.GetProperty("then").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());

        Assert.Equal(DecoderFactory.Kinds.Order(), byKind.Keys.Order());
        foreach (var kind in DecoderFactory.Kinds) Assert.Equal(DecoderFactory.KeysOf(kind), byKind[kind]);
    }
}
