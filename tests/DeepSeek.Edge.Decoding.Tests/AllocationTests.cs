using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Tests;

/// <summary>Decode runs per frame: once warm, a frame without results must not allocate, whatever the tensor size.</summary>
public sealed class AllocationTests
{
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);

    public static TheoryData<string> Kinds => ["yolov5", "yolov8", "yolox", "ssd-anchors", "boxes-scores", "softmax"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Decode_WarmDecoderFrameWithoutResults_AllocatesNothing(string kind)
    {
        var (decoder, outputs) = QuietFrame(kind);
        // Warm past the runtime's own one-time work (tiered compilation, on-stack replacement of the row loops),
        // which allocates on the calling thread during the first few calls and is not the decoder's doing.
        for (var i = 0; i < 50; i++) decoder.Decode(outputs, Thresholds);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = decoder.Decode(outputs, Thresholds);
        for (var i = 0; i < 9; i++) result = decoder.Decode(outputs, Thresholds);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(result.Detections);
        Assert.Empty(result.Classes);
        Assert.Equal(0, allocated);
    }

    private static (IOutputDecoder Decoder, ModelOutputs Outputs) QuietFrame(string kind)
    {
        const int Rows = 8400;
        return kind switch
        {
            "yolov5" => (Detection("""{ "kind": "yolov5" }"""), One("o", [1, Rows, 85], 0.1f)),
            "yolov8" => (Detection("""{ "kind": "yolov8", "transposed": false }"""), One("o", [1, 84, Rows], 0.1f)),
            "yolox" => (Detection("""{ "kind": "yolox" }"""), One("o", [1, Rows, 85], 0.1f)),
            "boxes-scores" => (Detection("""{ "kind": "boxes-scores", "boxes": "b", "scores": "s" }"""),
                Tensors.Outputs(Tensors.Of("b", [1, 100, 4], new float[400]), Tensors.Of("s", [1, 100, 90], new float[9000]))),
            "ssd-anchors" => (DecoderFactory.Create(TestManifests.Real("blazeface-front")), Tensors.Outputs(
                Tensors.Of("Identity:0", [1, 512, 1], Enumerable.Repeat(-5f, 512).ToArray()),
                Tensors.Of("Identity_1:0", [1, 384, 1], Enumerable.Repeat(-5f, 384).ToArray()),
                Tensors.Of("Identity_2:0", [1, 512, 16], new float[512 * 16]),
                Tensors.Of("Identity_3:0", [1, 384, 16], new float[384 * 16]))),
            _ => (TestManifests.Decoder("classification", """{ "kind": "softmax" }"""), One("o", [1, 1000], 0f)),
        };
    }

    private static IOutputDecoder Detection(string decoder) => TestManifests.Decoder("detection", decoder);

    private static ModelOutputs One(string name, int[] shape, float value) =>
        Tensors.Outputs(Tensors.Of(name, shape, Enumerable.Repeat(value, shape.Aggregate(1, (a, b) => a * b)).ToArray()));
}
