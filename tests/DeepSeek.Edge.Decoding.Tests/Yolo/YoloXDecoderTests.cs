using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Yolo;

public sealed class YoloXDecoderTests
{
    // A 64x64 input with strides 8, 16, 32: 8x8 + 4x4 + 2x2 = 84 grid cells.
    private const int Cells = 84;
    private static readonly Thresholds Thresholds = new(0.5f, 0.45f);

    private static IOutputDecoder Decoder(string extra = "") =>
        TestManifests.Decoder("detection", $$"""{ "kind": "yolox"{{extra}} }""", width: 64, height: 64);

    [Theory]
    [InlineData(0, 8, 0, 0)]
    [InlineData(43, 8, 3, 5)]      // 5 * 8 + 3
    [InlineData(70, 16, 2, 1)]     // 64 + 1 * 4 + 2
    [InlineData(83, 32, 1, 1)]     // 64 + 16 + 1 * 2 + 1
    public void Decode_CellAtEachStride_AddsGridOffsetAndScalesByStride(int row, int stride, int gridX, int gridY)
    {
        var outputs = Tensors.Outputs(Tensors.Rows("output", Cells, 7, (row, [0.5f, 0.25f, MathF.Log(2f), 0f, 0.9f, 0f, 1f])));

        var detection = Assert.Single(Decoder().Decode(outputs, Thresholds).Detections);

        var expected = BoxF.FromCenter((0.5f + gridX) * stride, (0.25f + gridY) * stride, 2f * stride, stride);
        BoxAssert.Near(expected, detection.Box);
        Assert.Equal(1, detection.ClassId);
        Assert.Equal(0.9f, detection.Score, 1e-6);
    }

    [Fact]
    public void Decode_SigmoidTrue_ScoresFromLogits()
    {
        var logit = MathF.Log(9f);   // sigmoid = 0.9
        var outputs = Tensors.Outputs(Tensors.Rows("output", Cells, 6, (10, [0f, 0f, 0f, 0f, logit, logit])));

        var detection = Assert.Single(Decoder(""", "sigmoid": true""").Decode(outputs, Thresholds).Detections);

        Assert.Equal(0.81f, detection.Score, 1e-5);
    }

    [Fact]
    public void Decode_CustomStrides_GridFollowsThem()
    {
        // Strides [16]: 4x4 = 16 cells; row 6 is cell (2, 1).
        var outputs = Tensors.Outputs(Tensors.Rows("output", 16, 6, (6, [0f, 0f, 0f, 0f, 1f, 1f])));

        var detection = Assert.Single(Decoder(""", "strides": [16]""").Decode(outputs, Thresholds).Detections);

        BoxAssert.Near(BoxF.FromCenter(32f, 16f, 16f, 16f), detection.Box);
    }

    [Fact]
    public void Decode_RowsDifferFromGridCells_ThrowsAtStridesNamingBothCounts()
    {
        var outputs = Tensors.Outputs(Tensors.Rows("output", 80, 6));

        var ex = Assert.Throws<ManifestException>(() => Decoder().Decode(outputs, Thresholds));

        Assert.Equal("$.decoder.strides", ex.JsonPath);
        Assert.Contains("84 grid cells", ex.Message, StringComparison.Ordinal);
        Assert.Contains("80 rows", ex.Message, StringComparison.Ordinal);
    }
}
