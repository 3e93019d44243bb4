using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.BoxesScores;

public sealed class BoxesScoresDecoderTests
{
    private const string Labels = """["background", "person", "car", "dog"]""";
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);

    private static IOutputDecoder Decoder(string extra = "") =>
        TestManifests.Decoder("detection", $$"""{ "kind": "boxes-scores", "boxes": "boxes", "scores": "scores"{{extra}} }""", width: 100, height: 200, labelsJson: Labels);

    private static ModelOutputs Outputs(float[] boxes, float[] scores, int[]? scoreShape = null, float[]? classes = null)
    {
        var n = boxes.Length / 4;
        var tensors = new List<OutputTensor>
        {
            Tensors.Of("boxes", [1, n, 4], boxes),
            Tensors.Of("scores", scoreShape ?? [1, n], scores),
        };
        if (classes is not null) tensors.Add(Tensors.Of("classes", [1, n], classes));
        return Tensors.Outputs([.. tensors]);
    }

    // Each layout of the box (10, 20, 30, 40) in pixels of a 100x200 input, normalised.
    [Theory]
    [InlineData("xyxy", 0.1f, 0.1f, 0.4f, 0.3f)]
    [InlineData("xywh", 0.1f, 0.1f, 0.3f, 0.2f)]
    [InlineData("cxcywh", 0.25f, 0.2f, 0.3f, 0.2f)]
    [InlineData("yxyx", 0.1f, 0.1f, 0.3f, 0.4f)]
    public void Decode_EachBoxFormat_SameBoxInInputPixels(string format, float a, float b, float c, float d)
    {
        var detection = Assert.Single(Decoder($$""", "box_format": "{{format}}" """).Decode(Outputs([a, b, c, d], [0.9f]), Thresholds).Detections);

        BoxAssert.Near(new BoxF(10f, 20f, 30f, 40f), detection.Box);
        Assert.Equal(0.9f, detection.Score);
    }

    [Fact]
    public void Decode_DefaultFormat_IsNormalizedXyxy()
    {
        var detection = Assert.Single(Decoder().Decode(Outputs([0.1f, 0.1f, 0.4f, 0.3f], [0.9f]), Thresholds).Detections);

        BoxAssert.Near(new BoxF(10f, 20f, 30f, 40f), detection.Box);
    }

    [Fact]
    public void Decode_NormalizedFalse_BoxesAlreadyInPixels()
    {
        var detection = Assert.Single(Decoder(""", "normalized": false""").Decode(Outputs([10f, 20f, 40f, 60f], [0.9f]), Thresholds).Detections);

        Assert.Equal(new BoxF(10f, 20f, 30f, 40f), detection.Box);
    }

    [Fact]
    public void Decode_ClassesOutput_LabelsFromClassIds()
    {
        var decoder = Decoder(""", "classes": "classes" """);

        var detections = decoder.Decode(Outputs([0f, 0f, 0.1f, 0.1f, 0.5f, 0.5f, 0.9f, 0.9f], [0.9f, 0.8f], classes: [3f, 1f]), Thresholds).Detections;

        Assert.Equal(["boxes", "scores", "classes"], decoder.OutputNames);
        Assert.Equal(["dog", "person"], detections.Select(d => d.Label));
        Assert.Equal([3, 1], detections.Select(d => d.ClassId));
    }

    [Fact]
    public void Decode_ScoresPerClass_BestClassWinsAndThresholdApplies()
    {
        float[] scores = [0.1f, 0.2f, 0.6f, 0.1f, /* second box */ 0.3f, 0.4f, 0.2f, 0.1f];

        var detection = Assert.Single(Decoder().Decode(Outputs([0f, 0f, 0.1f, 0.1f, 0.5f, 0.5f, 0.9f, 0.9f], scores, [1, 2, 4]), Thresholds).Detections);

        Assert.Equal(("car", 0.6f), (detection.Label, detection.Score));
    }

    [Fact]
    public void Decode_OverlappingBoxesWithNms_KeepsTheHigher()
    {
        var detections = Decoder().Decode(Outputs([0f, 0f, 0.5f, 0.5f, 0.01f, 0f, 0.5f, 0.5f], [0.7f, 0.8f]), Thresholds).Detections;

        Assert.Equal(0.8f, Assert.Single(detections).Score);
    }

    [Fact]
    public void Decode_NmsFalse_KeepsOverlappingBoxesBestFirst()
    {
        var detections = Decoder(""", "nms": false""").Decode(Outputs([0f, 0f, 0.5f, 0.5f, 0.01f, 0f, 0.5f, 0.5f], [0.7f, 0.8f]), Thresholds).Detections;

        Assert.Equal([0.8f, 0.7f], detections.Select(d => d.Score));
    }

    [Fact]
    public void Decode_ScoreRowsDifferFromBoxRows_ThrowsAtScores()
    {
        var ex = Assert.Throws<ManifestException>(() => Decoder().Decode(Outputs([0f, 0f, 1f, 1f], [0.9f, 0.9f], [1, 2]), Thresholds));

        Assert.Equal("$.decoder.scores", ex.JsonPath);
        Assert.Contains("\"scores\" has shape [1, 2]", ex.Message, StringComparison.Ordinal);
    }
}
