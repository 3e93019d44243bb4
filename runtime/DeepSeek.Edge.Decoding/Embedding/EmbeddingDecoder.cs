using DeepSeek.Edge.Decoding.Common;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Decoding.Embedding;

/// <summary><c>embedding</c>: the output, flattened into a new array, optionally scaled to unit length (<c>l2_normalize</c>).</summary>
internal sealed class EmbeddingDecoder : IOutputDecoder
{
    private readonly OutputRef _output;
    private readonly bool _l2Normalize;

    public EmbeddingDecoder(ModelManifest manifest)
    {
        var p = manifest.Decoder.Parameters;
        _output = OutputRef.Optional(p, "output");
        _l2Normalize = p.Bool("l2_normalize", false);
        OutputNames = OutputRef.Names(_output);
    }

    public string Kind => DecoderKind.Embedding;

    public IReadOnlyList<string> OutputNames { get; }

    public DecodedOutput Decode(ModelOutputs outputs, Thresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var tensor = _output.Resolve(outputs);
        if (tensor.Data.Length == 0) throw TensorShape.Mismatch(_output, tensor, Kind, "at least one value");

        var embedding = tensor.Span.ToArray();
        if (_l2Normalize) Normalize(embedding);
        return DecodedOutput.FromEmbedding(embedding);
    }

    private static void Normalize(float[] vector)
    {
        var sumOfSquares = 0d;
        foreach (var v in vector) sumOfSquares += (double)v * v;
        if (sumOfSquares <= 0d) return;

        var scale = (float)(1d / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < vector.Length; i++) vector[i] *= scale;
    }
}
