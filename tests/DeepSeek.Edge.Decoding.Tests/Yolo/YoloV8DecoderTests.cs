using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Yolo;

public sealed class YoloV8DecoderTests
{
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);
    private static readonly string CocoLabels = $"[{string.Join(", ", Enumerable.Range(0, 80).Select(i => $"\"class{i}\""))}]";

    // Per candidate: cx, cy, w, h, score of class 0, 1, 2.
    private static readonly float[][] Candidates =
    [
        [100f, 200f, 50f, 80f, 0.1f, 0.2f, 0.7f],
        [300f, 300f, 20f, 20f, 0.3f, 0.4f, 0.2f],
        [400f, 100f, 40f, 60f, 0.95f, 0f, 0f],
        [405f, 100f, 40f, 60f, 0.6f, 0f, 0f],
    ];

    [Fact]
    public void Decode_ChannelsFirst_ExactBoxesBestClassAndNms()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""", labelsJson: """["person", "car", "dog"]""");

        var detections = decoder.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", Candidates)), Thresholds).Detections;

        Assert.Equal(2, detections.Count);
        Assert.Equal(new BoxF(380f, 70f, 40f, 60f), detections[0].Box);
        Assert.Equal(("person", 0.95f), (detections[0].Label, detections[0].Score));
        Assert.Equal(new BoxF(75f, 160f, 50f, 80f), detections[1].Box);
        Assert.Equal(("dog", 0.7f), (detections[1].Label, detections[1].Score));
    }

    [Fact]
    public void Decode_TransposedTensor_SameDetectionsAsChannelsFirst()
    {
        var channelsFirst = TestManifests.Decoder("detection", """{ "kind": "yolov8", "transposed": false }""");
        var transposed = TestManifests.Decoder("detection", """{ "kind": "yolov8", "transposed": true }""");
        var rows = Tensors.Rows("output0", Candidates.Length, 7, [.. Candidates.Select((c, i) => (i, c))]);

        var expected = channelsFirst.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", Candidates)), Thresholds).Detections;
        var actual = transposed.Decode(Tensors.Outputs(rows), Thresholds).Detections;

        Assert.Equal(2, actual.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Decode_SameDecoderTwoFrames_SecondFrameNotMixedWithFirst()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8", "transposed": false }""");
        float[][] quiet = [[100f, 200f, 50f, 80f, 0.1f, 0.2f, 0.3f], [1f, 1f, 1f, 1f, 0f, 0f, 0f]];

        decoder.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", Candidates)), Thresholds);
        var second = decoder.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", quiet)), Thresholds);

        Assert.Empty(second.Detections);
    }

    [Fact]
    public void Decode_NoClassChannels_ThrowsSuggestingTransposed()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8", "transposed": false }""");

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Of("output0", [1, 4, 10], new float[40])), Thresholds));

        Assert.Equal("$.decoder.output", ex.JsonPath);
        Assert.Contains("transposed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "kind": "yolov8" }""")]
    [InlineData("""{ "kind": "yolov8", "transposed": true }""")]
    public void Decode_CocoOutputOneCandidatePerRowWith80Labels_ReadsTheLayoutFromTheLabelCount(string decoderJson)
    {
        // The shape Ultralytics exports with the candidates axis first: [1, 8400, 4 + 80].
        var decoder = TestManifests.Decoder("detection", decoderJson, labelsJson: CocoLabels);
        var candidate = new float[84];
        float[] box = [320f, 240f, 64f, 48f];
        box.CopyTo(candidate, 0);
        candidate[4 + 16] = 0.9f;
        var output = Tensors.Rows("output0", 8400, 84, (5000, candidate));

        var detection = Assert.Single(decoder.Decode(Tensors.Outputs(output), Thresholds).Detections);

        Assert.Equal(new BoxF(288f, 216f, 64f, 48f), detection.Box);
        Assert.Equal(("class16", 0.9f), (detection.Label, detection.Score));
    }

    [Fact]
    public void Decode_CocoOutputOneCandidatePerRowButTransposedFalse_ThrowsSayingItIsTransposed()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8", "transposed": false }""", labelsJson: CocoLabels);

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Rows("output0", 8400, 84)), Thresholds));

        Assert.Equal("$.decoder.transposed", ex.JsonPath);
        Assert.Contains("output \"output0\" [1, 8400, 84] has its 84 = 4 + 80 label values on the last axis", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set \"transposed\": true or remove it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoLabelsAndNoTransposed_ThrowsAskingForEither()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""");

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Rows("output0", 8400, 84)), Thresholds));

        Assert.Equal("$.decoder.transposed", ex.JsonPath);
        Assert.Contains("list the labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LabelCountFitsNeitherAxis_ThrowsNamingTheValuesExpected()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""", labelsJson: """["person", "car"]""");

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Rows("output0", 8400, 84)), Thresholds));

        Assert.Equal("$.decoder.output", ex.JsonPath);
        Assert.Contains("with 2 labels a yolov8 output has 4 + 2 = 6 values per candidate", ex.Message, StringComparison.Ordinal);
    }
}
