namespace DeepSeek.Edge.Inference.Precision;

/// <summary>What an ONNX graph's operators say about its precision: Q/DQ pairs (TensorRT's explicit quantization), ORT's own quantized operators, or none.</summary>
public sealed class GraphPrecision
{
    private static readonly string[] IntegerOps = ["ConvInteger", "MatMulInteger", "DynamicQuantizeLinear"];

    public GraphPrecision(IReadOnlyDictionary<string, int> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Ops = ops;
        QdqNodes = ops.Where(o => o.Key is "QuantizeLinear" or "DequantizeLinear").Sum(o => o.Value);
        QuantizedNodes = ops.Where(o => IsQuantizedOp(o.Key)).Sum(o => o.Value);
    }

    /// <summary>Operator type → node count in the stored graph (before ONNX Runtime's optimisations).</summary>
    public IReadOnlyDictionary<string, int> Ops { get; }

    public int Nodes => Ops.Values.Sum();

    /// <summary>QuantizeLinear and DequantizeLinear nodes: what TensorRT's explicit quantization reads its scales from.</summary>
    public int QdqNodes { get; }

    /// <summary>Nodes of any quantized operator: Q/DQ, <c>QLinear*</c>, ConvInteger, MatMulInteger.</summary>
    public int QuantizedNodes { get; }

    public bool IsQuantized => QuantizedNodes > 0;

    public bool HasQdq => QdqNodes > 0;

    public static GraphPrecision Of(string modelPath) => new(OnnxOpCensus.Count(modelPath));

    public static bool IsQuantizedOp(string op) =>
        op is "QuantizeLinear" or "DequantizeLinear" || op.StartsWith("QLinear", StringComparison.Ordinal) || IntegerOps.Contains(op);

    /// <summary>The most frequent operators, e.g. <c>Conv x34, Relu x32, Add x16</c>.</summary>
    public string Describe(int top = 6) => string.Join(", ", Ops.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).Take(top).Select(o => $"{o.Key} x{o.Value}"));
}
