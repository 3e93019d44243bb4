using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Yolo;

public sealed class YoloV5DecoderTests
{
    private const string Labels = """["person", "car", "dog"]""";
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);

    private static IOutputDecoder Decoder(string extra = "") =>
        TestManifests.Decoder("detection", $$"""{ "kind": "yolov5", "output": "output0"{{extra}} }""", labelsJson: Labels);

    private static ModelOutputs Rows(int count, params (int Row, float[] Values)[] rows) =>
        Tensors.Outputs(Tensors.Rows("output0", count, 8, rows));

    [Fact]
    public void Decode_OneConfidentRow_ExactBoxScoreAndLabel()
    {
        var outputs = Rows(4, (2, [100f, 200f, 50f, 80f, 0.9f, 0.1f, 0.2f, 0.8f]));

        var detection = Assert.Single(Decoder().Decode(outputs, Thresholds).Detections);

        Assert.Equal(new BoxF(75f, 160f, 50f, 80f), detection.Box);
        Assert.Equal(0.72f, detection.Score, 1e-6);
        Assert.Equal(2, detection.ClassId);
        Assert.Equal("dog", detection.Label);
        Assert.Empty(detection.Keypoints);
    }

    [Fact]
    public void Decode_ScoreIsObjectnessTimesClass_RowsBelowThresholdDropped()
    {
        var outputs = Rows(3,
            (0, [100f, 100f, 10f, 10f, 0.6f, 0.5f, 0f, 0f]),    // 0.30
            (1, [300f, 100f, 10f, 10f, 0.4f, 1f, 0f, 0f]),      // 0.40
            (2, [500f, 100f, 10f, 10f, 1f, 0.5f, 0f, 0f]));     // 0.50, exactly at the threshold

        var detection = Assert.Single(Decoder().Decode(outputs, Thresholds).Detections);

        Assert.Equal(500f, detection.Box.X + (detection.Box.Width / 2));
        Assert.Equal(0.5f, detection.Score);
    }

    [Fact]
    public void Decode_NormalizedCoordinates_ScaledToInputPixels()
    {
        var outputs = Rows(1, (0, [0.5f, 0.25f, 0.1f, 0.2f, 1f, 1f, 0f, 0f]));

        var detection = Assert.Single(Decoder(""", "normalized": true""").Decode(outputs, Thresholds).Detections);

        BoxAssert.Near(BoxF.FromCenter(320f, 160f, 64f, 128f), detection.Box);
    }

    [Fact]
    public void Decode_OverlappingSameClass_KeepsTheHigherScore()
    {
        var outputs = Rows(2,
            (0, [125f, 125f, 50f, 50f, 0.8f, 1f, 0f, 0f]),
            (1, [130f, 125f, 50f, 50f, 0.9f, 1f, 0f, 0f]));

        var detection = Assert.Single(Decoder().Decode(outputs, Thresholds).Detections);

        Assert.Equal(0.9f, detection.Score);
        Assert.Equal(105f, detection.Box.X);
    }

    [Fact]
    public void Decode_OverlappingDifferentClasses_KeepsBoth()
    {
        var outputs = Rows(2,
            (0, [125f, 125f, 50f, 50f, 0.8f, 1f, 0f, 0f]),
            (1, [130f, 125f, 50f, 50f, 0.9f, 0f, 1f, 0f]));

        var detections = Decoder().Decode(outputs, Thresholds).Detections;

        Assert.Equal(["car", "person"], detections.Select(d => d.Label));
    }

    [Fact]
    public void Decode_ClassAgnostic_KeepsOnlyTheBestOfOverlappingClasses()
    {
        var outputs = Rows(2,
            (0, [125f, 125f, 50f, 50f, 0.8f, 1f, 0f, 0f]),
            (1, [130f, 125f, 50f, 50f, 0.9f, 0f, 1f, 0f]));

        var detections = Decoder(""", "class_agnostic": true""").Decode(outputs, Thresholds).Detections;

        Assert.Equal("car", Assert.Single(detections).Label);
    }

    [Fact]
    public void Decode_MoreDetectionsThanMax_KeepsTheBest()
    {
        var rows = Enumerable.Range(0, 10).Select(i => (i, new[] { 20f + (60f * i), 100f, 10f, 10f, 0.5f + (0.05f * i), 1f, 0f, 0f })).ToArray();

        var detections = Decoder(""", "max_detections": 3""").Decode(Rows(10, rows), Thresholds).Detections;

        Assert.Equal([560f, 500f, 440f], detections.Select(d => d.Box.X + 5f));
    }

    [Fact]
    public void Decode_ThresholdChangedBetweenCalls_AppliesTheNewOne()
    {
        var decoder = Decoder();
        var outputs = Rows(1, (0, [100f, 100f, 10f, 10f, 0.7f, 1f, 0f, 0f]));

        Assert.Single(decoder.Decode(outputs, Thresholds).Detections);
        Assert.Empty(decoder.Decode(outputs, new Thresholds(0.8f, 0.45f)).Detections);
    }

    [Fact]
    public void Decode_ChannelsFirstTensor_ThrowsNamingOutputAndShape()
    {
        var outputs = Tensors.Outputs(Tensors.Of("output0", [1, 8], new float[8]));

        var ex = Assert.Throws<ManifestException>(() => Decoder().Decode(outputs, Thresholds));

        Assert.Equal("$.decoder.output", ex.JsonPath);
        Assert.Contains("\"output0\" has shape [1, 8]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[1, N, 5+C]", ex.Message, StringComparison.Ordinal);
    }
}
