using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>
/// One unit the mixed-precision search can keep float: a quantized compute node (Conv, MatMul, Gemm, Add, Mul, Concat,
/// pooling, Sigmoid...) together with the Relu/Clip folded into its output range.
/// </summary>
/// <param name="Description">The node as messages name it: its name, or its op type and output.</param>
/// <param name="Name">The node's name (what <c>--exclude-node</c> takes); empty when the node has none.</param>
/// <param name="OpType">The compute node's op type.</param>
/// <param name="Outputs">The first output of each node of the unit (how the planner is told to keep it float).</param>
public sealed record QuantizedLayer(string Description, string Name, string OpType, IReadOnlySet<string> Outputs)
{
    /// <summary>The layers of a plan, in graph order; pass-through ops (MaxPool, Reshape...) are not layers of their own.</summary>
    public static IReadOnlyList<QuantizedLayer> Of(QdqPlan plan, GraphIndex index)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(index);
        var folded = plan.Nodes.Where(n => QuantRoles.Of(n.OpType) == QuantRole.Activation)
            .ToLookup(n => n.Input[0], n => n.Output[0], StringComparer.Ordinal);
        return plan.Nodes
            .Where(n => QuantRoles.Of(n.OpType) is QuantRole.Weighted or QuantRole.Binary or QuantRole.Variadic or QuantRole.Unary)
            .Select(n => new QuantizedLayer(GraphIndex.Describe(n), n.Name, n.OpType,
                new HashSet<string>([n.Output[0], .. folded[n.Output[0]]], StringComparer.Ordinal)))
            .ToArray();
    }
}
