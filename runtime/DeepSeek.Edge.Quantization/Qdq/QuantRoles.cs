namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>The <see cref="QuantRole"/> of each op type of the default ONNX domain.</summary>
public static class QuantRoles
{
    private static readonly Dictionary<string, QuantRole> Roles = new(StringComparer.Ordinal)
    {
        ["Conv"] = QuantRole.Weighted,
        ["MatMul"] = QuantRole.Weighted,
        ["Gemm"] = QuantRole.Weighted,
        ["Add"] = QuantRole.Binary,
        ["Mul"] = QuantRole.Binary,
        ["Concat"] = QuantRole.Variadic,
        ["AveragePool"] = QuantRole.Unary,
        ["GlobalAveragePool"] = QuantRole.Unary,
        ["Sigmoid"] = QuantRole.Unary,
        ["LeakyRelu"] = QuantRole.Unary,
        ["MaxPool"] = QuantRole.PassThrough,
        ["Reshape"] = QuantRole.PassThrough,
        ["Transpose"] = QuantRole.PassThrough,
        ["Flatten"] = QuantRole.PassThrough,
        ["Squeeze"] = QuantRole.PassThrough,
        ["Unsqueeze"] = QuantRole.PassThrough,
        ["Relu"] = QuantRole.Activation,
        ["Clip"] = QuantRole.Activation,
    };

    /// <summary>Ops that only rearrange data: an output reached from them alone keeps its producer's precision.</summary>
    private static readonly HashSet<string> DataMovement = new(StringComparer.Ordinal)
    {
        "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "Concat", "Identity", "Slice", "Split", "Gather",
    };

    public static QuantRole Of(string opType) => Roles.GetValueOrDefault(opType, QuantRole.None);

    public static bool MovesData(string opType) => DataMovement.Contains(opType);

    /// <summary>Op types the static quantizer can quantize, for help texts.</summary>
    public static IEnumerable<string> Supported => Roles.Keys;
}
