using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Tests.Ssd;

/// <summary>Constructed tensors in the exact shapes of BlazeFace front 128, decoded with the shipped manifest.</summary>
public sealed class SsdAnchorsDecoderTests
{
    private const float Silent = -100f;
    private static readonly float Confident = MathF.Log(9f);   // sigmoid = 0.9
    private static readonly Thresholds Thresholds = new(0.5f, 0.3f);

    private static IOutputDecoder FrontDecoder() => DecoderFactory.Create(TestManifests.Real("blazeface-front"));

    /// <summary>BlazeFace front outputs: 512 + 384 anchors, all silent except the given (global anchor, regressor row) pairs.</summary>
    private static ModelOutputs Front(int firstRows = 512, int secondRows = 384, params (int Anchor, float[] Regressors)[] hits)
    {
        var scores0 = Enumerable.Repeat(Silent, firstRows).ToArray();
        var scores1 = Enumerable.Repeat(Silent, secondRows).ToArray();
        var boxes0 = new float[firstRows * 16];
        var boxes1 = new float[secondRows * 16];
        foreach (var (anchor, regressors) in hits)
        {
            var (scores, boxes, row) = anchor < firstRows ? (scores0, boxes0, anchor) : (scores1, boxes1, anchor - firstRows);
            scores[row] = Confident;
            regressors.CopyTo(boxes, row * 16);
        }

        return Tensors.Outputs(
            Tensors.Of("Identity:0", [1, firstRows, 1], scores0),
            Tensors.Of("Identity_1:0", [1, secondRows, 1], scores1),
            Tensors.Of("Identity_2:0", [1, firstRows, 16], boxes0),
            Tensors.Of("Identity_3:0", [1, secondRows, 16], boxes1));
    }

    [Fact]
    public void OutputNames_BlazeFaceManifest_AllFourOutputs()
    {
        Assert.Equal(["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"], FrontDecoder().OutputNames);
    }

    [Fact]
    public void Decode_ConstructedRegressorRow_ExactBoxScoreAndKeypoints()
    {
        // Second layer (8x8 cells, 6 anchors each), cell x=3, y=2, anchor 4: global anchor 512 + (2*8+3)*6 + 4 = 630,
        // centre (3.5/8, 2.5/8) = (0.4375, 0.3125). Regressors in pixels of the 128 box scale.
        var regressors = new float[16];
        float[] box = [12.8f, -6.4f, 25.6f, 32f];
        box.CopyTo(regressors, 0);
        for (var k = 0; k < 6; k++)
        {
            regressors[4 + (2 * k)] = 12.8f * k;
            regressors[5 + (2 * k)] = -6.4f * k;
        }

        var detection = Assert.Single(FrontDecoder().Decode(Front(hits: (630, regressors)), Thresholds).Detections);

        // centre (0.4375 + 0.1, 0.3125 - 0.05) * 128 = (68.8, 33.6); size (0.2, 0.25) * 128 = (25.6, 32).
        BoxAssert.Near(new BoxF(56f, 17.6f, 25.6f, 32f), detection.Box);
        Assert.Equal(0.9f, detection.Score, 1e-5);
        Assert.Equal("face", detection.Label);
        Assert.Equal(6, detection.Keypoints.Count);
        for (var k = 0; k < 6; k++) BoxAssert.Near(new PointF(56f + (12.8f * k), 40f - (6.4f * k)), detection.Keypoints[k]);
    }

    [Theory]
    [InlineData(0, 4f, 4f)]         // layer 1 (16x16, 2 per cell), cell (0, 0)
    [InlineData(3, 12f, 4f)]        // cell (1, 0), second anchor
    [InlineData(32, 4f, 12f)]       // cell (0, 1)
    [InlineData(511, 124f, 124f)]   // cell (15, 15)
    [InlineData(512, 8f, 8f)]       // layer 2 (8x8, 6 per cell), cell (0, 0)
    [InlineData(895, 120f, 120f)]   // cell (7, 7), last anchor
    public void Decode_ZeroOffsets_BoxCentredOnItsAnchor(int anchor, float centreX, float centreY)
    {
        var detection = Assert.Single(FrontDecoder().Decode(Front(hits: (anchor, [0f, 0f, 12.8f, 12.8f])), Thresholds).Detections);

        BoxAssert.Near(BoxF.FromCenter(centreX, centreY, 12.8f, 12.8f), detection.Box);
    }

    [Fact]
    public void Decode_OverlappingFaces_KeepsTheHigherScore()
    {
        // Neighbouring anchors of one cell, same box: NMS at IoU 0.3 keeps one.
        var detections = FrontDecoder().Decode(Front(hits: [(100, [0f, 0f, 40f, 40f]), (101, [1f, 0f, 40f, 40f])]), Thresholds).Detections;

        Assert.Single(detections);
    }

    [Fact]
    public void Decode_AllSilent_NoDetections()
    {
        Assert.Empty(FrontDecoder().Decode(Front(), Thresholds).Detections);
    }

    [Fact]
    public void Decode_ScoreClip_ClampsLogitBeforeSigmoid()
    {
        var manifest = TestManifests.Parse("detection", """
            { "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 64, "anchors": 1 }], "score_clip": 2 }
            """, width: 128, height: 128);
        var outputs = Tensors.Outputs(Tensors.Of("s", [1, 4], [5f, Silent, Silent, Silent]), Tensors.Rows("b", 4, 4, (0, [0f, 0f, 64f, 64f])));

        var detection = Assert.Single(DecoderFactory.Create(manifest).Decode(outputs, Thresholds).Detections);

        Assert.Equal(1f / (1f + MathF.Exp(-2f)), detection.Score, 1e-6);
        BoxAssert.Near(new BoxF(0f, 0f, 64f, 64f), detection.Box);
        Assert.Empty(detection.Keypoints);
    }

    [Fact]
    public void Decode_DefaultBoxScale_IsInputWidth()
    {
        var manifest = TestManifests.Parse("detection", """
            { "kind": "ssd-anchors", "scores": ["s"], "boxes": ["b"], "layers": [{ "stride": 256, "anchors": 1 }] }
            """, width: 256, height: 256);
        var outputs = Tensors.Outputs(Tensors.Of("s", [1, 1, 1], [Confident]), Tensors.Rows("b", 1, 4, (0, [25.6f, 0f, 128f, 64f])));

        var detection = Assert.Single(DecoderFactory.Create(manifest).Decode(outputs, Thresholds).Detections);

        BoxAssert.Near(BoxF.FromCenter(153.6f, 128f, 128f, 64f), detection.Box);
    }

    [Fact]
    public void Decode_RowsDifferFromAnchors_ThrowsAtLayersNamingBothCounts()
    {
        var ex = Assert.Throws<ManifestException>(() => FrontDecoder().Decode(Front(secondRows: 383), Thresholds));

        Assert.Equal("$.decoder.layers", ex.JsonPath);
        Assert.Contains("896 anchors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("895 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_BlazeFaceBackManifest_AnchorsAndBoxesIn256Pixels()
    {
        // Back 256: strides 16 and 32 give the same 512 + 384 rows; anchor 512 is cell (0, 0) of the 8x8 layer, centre 16 px.
        var back = DecoderFactory.Create(TestManifests.Real("blazeface-back"));

        var detection = Assert.Single(back.Decode(Front(hits: (512, [25.6f, 0f, 25.6f, 51.2f])), Thresholds).Detections);

        BoxAssert.Near(BoxF.FromCenter(41.6f, 16f, 25.6f, 51.2f), detection.Box);
    }

    [Fact]
    public void Decode_BoxRowsDifferFromScoreRows_ThrowsAtThatBoxOutput()
    {
        var outputs = Front();
        var mismatched = Tensors.Outputs(outputs.All[0], outputs.All[1], outputs.All[2], Tensors.Of("Identity_3:0", [1, 383, 16], new float[383 * 16]));

        var ex = Assert.Throws<ManifestException>(() => FrontDecoder().Decode(mismatched, Thresholds));

        Assert.Equal("$.decoder.boxes[1]", ex.JsonPath);
        Assert.Contains("383", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RegressorsTooNarrowForKeypoints_ThrowsNamingTheWidthNeeded()
    {
        var outputs = Front();
        var narrow = Tensors.Outputs(outputs.All[0], outputs.All[1], Tensors.Of("Identity_2:0", [1, 512, 4], new float[512 * 4]), outputs.All[3]);

        var ex = Assert.Throws<ManifestException>(() => FrontDecoder().Decode(narrow, Thresholds));

        Assert.Equal("$.decoder.boxes[0]", ex.JsonPath);
        Assert.Contains("D >= 16", ex.Message, StringComparison.Ordinal);
    }
}
