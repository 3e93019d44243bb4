using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Yolo;

public sealed class YoloV8DecoderTests
{
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);

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
        var channelsFirst = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""");
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
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""");
        float[][] quiet = [[100f, 200f, 50f, 80f, 0.1f, 0.2f, 0.3f], [1f, 1f, 1f, 1f, 0f, 0f, 0f]];

        decoder.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", Candidates)), Thresholds);
        var second = decoder.Decode(Tensors.Outputs(Tensors.ChannelsFirst("output0", quiet)), Thresholds);

        Assert.Empty(second.Detections);
    }

    [Fact]
    public void Decode_NoClassChannels_ThrowsSuggestingTransposed()
    {
        var decoder = TestManifests.Decoder("detection", """{ "kind": "yolov8" }""");

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Of("output0", [1, 4, 10], new float[40])), Thresholds));

        Assert.Equal("$.decoder.output", ex.JsonPath);
        Assert.Contains("transposed", ex.Message, StringComparison.Ordinal);
    }
}
