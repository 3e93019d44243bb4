using DeepSeek.Edge.Decoding.Tests.Support;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Tests.Embedding;

public sealed class EmbeddingDecoderTests
{
    [Fact]
    public void Decode_FourDimensionalOutput_CopiesItFlattened()
    {
        var decoder = TestManifests.Decoder("embedding", """{ "kind": "embedding", "output": "pool" }""");
        var buffer = new float[] { 1f, -2f, 3f, 0.5f };

        var embedding = decoder.Decode(Tensors.Outputs(Tensors.Of("pool", [1, 4, 1, 1], buffer)), Thresholds.Default).Embedding!;

        Assert.Equal([1f, -2f, 3f, 0.5f], embedding);
    }

    [Fact]
    public void Decode_EngineReusesItsBuffer_EarlierEmbeddingUnchanged()
    {
        var decoder = TestManifests.Decoder("embedding", """{ "kind": "embedding" }""");
        var buffer = new float[] { 1f, 2f };
        var outputs = Tensors.Outputs(Tensors.Of("pool", [1, 2], buffer));

        var first = decoder.Decode(outputs, Thresholds.Default).Embedding!;
        buffer[0] = 42f;
        var second = decoder.Decode(outputs, Thresholds.Default).Embedding!;

        Assert.Equal([1f, 2f], first);
        Assert.Equal([42f, 2f], second);
    }

    [Fact]
    public void Decode_L2Normalize_ReturnsUnitVector()
    {
        var decoder = TestManifests.Decoder("embedding", """{ "kind": "embedding", "l2_normalize": true }""");

        var embedding = decoder.Decode(Tensors.Outputs(Tensors.Of("pool", [1, 2], [3f, 4f])), Thresholds.Default).Embedding!;

        Assert.Equal(0.6f, embedding[0], 1e-6);
        Assert.Equal(0.8f, embedding[1], 1e-6);
    }

    [Fact]
    public void Decode_L2NormalizeZeroVector_StaysZero()
    {
        var decoder = TestManifests.Decoder("embedding", """{ "kind": "embedding", "l2_normalize": true }""");

        var embedding = decoder.Decode(Tensors.Outputs(Tensors.Of("pool", [1, 2], [0f, 0f])), Thresholds.Default).Embedding!;

        Assert.Equal([0f, 0f], embedding);
    }
}
