namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>What a QDQ rewrite did: quantized nodes per op type, activation Q/DQ pairs, int8 weights, clamped biases.</summary>
public sealed record QdqSummary(
    IReadOnlyDictionary<string, int> QuantizedNodes,
    int ActivationPairs,
    int Weights,
    int ClampedBiasValues,
    IReadOnlyList<string> Excluded)
{
    /// <summary>Quantizable neighbours of the excluded nodes left float with them.</summary>
    public IReadOnlyList<string> KeptFloat { get; init; } = [];
}
