using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Tests.Classification;

public sealed class SoftmaxDecoderTests
{
    // Logits 0, ln 2, ln 4 -> probabilities 1/7, 2/7, 4/7.
    private static readonly float[] Logits = [0f, MathF.Log(2f), MathF.Log(4f)];
    private static readonly Thresholds KeepAll = new(0f, 0.5f);

    [Fact]
    public void Decode_Logits_ExactProbabilitiesBestFirst()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax" }""", labelsJson: """["cat", "dog", "bird"]""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 3], Logits)), KeepAll).Classes;

        Assert.Equal([2, 1, 0], classes.Select(c => c.ClassId));
        Assert.Equal(["bird", "dog", "cat"], classes.Select(c => c.Label));
        Assert.Equal(4f / 7f, classes[0].Score, 1e-6);
        Assert.Equal(2f / 7f, classes[1].Score, 1e-6);
        Assert.Equal(1f / 7f, classes[2].Score, 1e-6);
    }

    [Fact]
    public void Decode_ManyLargeLogits_ProbabilitiesSumToOne()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "top_k": 1000 }""");
        var logits = Enumerable.Range(0, 1000).Select(i => 500f + (i % 17)).ToArray();

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 1000, 1, 1], logits)), KeepAll).Classes;

        Assert.Equal(1000, classes.Count);
        Assert.Equal(1.0, classes.Sum(c => (double)c.Score), 1e-4);
        Assert.True(classes.Zip(classes.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Decode_TopK_KeepsOnlyTheKBest()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "top_k": 2, "apply_softmax": false }""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 5], [0.1f, 0.3f, 0.05f, 0.4f, 0.15f])), KeepAll).Classes;

        Assert.Equal([3, 1], classes.Select(c => c.ClassId));
    }

    [Fact]
    public void Decode_ScoreThreshold_DropsClassesBelowIt()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax" }""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 3], Logits)), new Thresholds(0.2f, 0.5f)).Classes;

        Assert.Equal([2, 1], classes.Select(c => c.ClassId));
    }

    [Fact]
    public void Decode_NothingAboveThreshold_ReturnsNoClasses()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax" }""");

        var result = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 3], Logits)), new Thresholds(0.9f, 0.5f));

        Assert.Empty(result.Classes);
        Assert.Empty(result.Detections);
        Assert.Null(result.Embedding);
    }

    [Fact]
    public void Decode_ApplySoftmaxFalse_ReportsScoresAsGiven()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "apply_softmax": false }""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 2], [0.25f, 0.75f])), KeepAll).Classes;

        Assert.Equal([0.75f, 0.25f], classes.Select(c => c.Score));
    }

    [Fact]
    public void Decode_ClassWithoutLabel_UsesTheIdAsLabel()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "top_k": 1 }""", labelsJson: """["cat"]""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 3], Logits)), KeepAll).Classes;

        Assert.Equal("2", Assert.Single(classes).Label);
    }

    [Fact]
    public void Decode_NamedOutput_ReadsThatOutputNotTheFirst()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "output": "logits", "top_k": 1 }""");

        var classes = decoder.Decode(Tensors.Outputs(Tensors.Of("features", [1, 2], [9f, 0f]), Tensors.Of("logits", [1, 2], [0f, 9f])), KeepAll).Classes;

        Assert.Equal(["logits"], decoder.OutputNames);
        Assert.Equal(1, Assert.Single(classes).ClassId);
    }

    [Fact]
    public void Decode_NamedOutputMissing_ThrowsAtOutputListingTheModelOutputs()
    {
        var decoder = TestManifests.Decoder("classification", """{ "kind": "softmax", "output": "logits" }""");

        var ex = Assert.Throws<ManifestException>(() => decoder.Decode(Tensors.Outputs(Tensors.Of("prob", [1, 2], [0f, 1f])), KeepAll));

        Assert.Equal("$.decoder.output", ex.JsonPath);
        Assert.Contains("\"prob\"", ex.Message, StringComparison.Ordinal);
    }
}
