using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// What each op needs to mean the same at opset 13 as at the model's opset (7..12). Ops whose definition did not
/// change for inference pass as they are; a few are rewritten; the rest are refused with the reason.
/// </summary>
internal sealed class OpUpgradeRules
{
    /// <summary>Ops whose inference behaviour is the same from opset 7 to 13.</summary>
    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin", "Asin", "Asinh", "Atan", "Atanh", "AveragePool",
        "Cast", "Ceil", "Concat", "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Cos", "Cosh", "CumSum",
        "DepthToSpace", "DequantizeLinear", "Div", "Einsum", "Elu", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor",
        "Gather", "GatherElements", "GatherND", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "Greater", "HardSigmoid",
        "Identity", "InstanceNormalization", "IsNaN", "LRN", "LeakyRelu", "Less", "Log", "MatMul", "MatMulInteger", "Max",
        "MaxPool", "Mean", "MeanVarianceNormalization", "Min", "Mod", "Mul", "Neg", "NonMaxSuppression", "NonZero", "Not",
        "OneHot", "Or", "PRelu", "Pow", "QuantizeLinear", "Range", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSum",
        "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSumSquare", "Relu", "Reshape",
        "Round", "ScatterElements", "Selu", "Shape", "Sigmoid", "Sign", "Sin", "Sinh", "Size", "Softplus", "Softsign",
        "SpaceToDepth", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "ThresholdedRelu", "Tile", "Transpose", "Where", "Xor",
    };

    private readonly GraphIndex _index;
    private readonly UniqueNames _names;
    private readonly long _from;

    public OpUpgradeRules(GraphProto graph, long fromOpset)
    {
        _index = new GraphIndex(graph);
        _names = new UniqueNames(graph);
        _from = fromOpset;
    }

    public List<TensorProto> NewInitializers { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>The nodes that replace <paramref name="node"/> at opset 13, or null (with the reason) when that is not safe.</summary>
    public IReadOnlyList<NodeProto>? Apply(NodeProto node, out string problem)
    {
        problem = "";
        var op = node.OpType;
        if (Unchanged.Contains(op)) return [node];
        switch (op)
        {
            case "BatchNormalization": return BatchNormalization(node, out problem);
            case "Clip" when _from < 11: return AttributesToInputs(node, ("min", Kind.FloatScalar), ("max", Kind.FloatScalar));
            case "Clip": return [node];
            case "Pad" when _from < 11: return Pad(node);
            case "Pad": return [node];
            case "Slice" when _from < 10: return AttributesToInputs(node, ("starts", Kind.Ints), ("ends", Kind.Ints), ("axes", Kind.Ints));
            case "Slice": return [node];
            case "Squeeze" or "Unsqueeze" or "ReduceSum": return AttributesToInputs(node, ("axes", Kind.Ints));
            case "Split": return AttributesToInputs(node, ("split", Kind.Ints));
            case "TopK" when _from < 10: return AttributesToInputs(node, ("k", Kind.IntAsVector));
            case "TopK": return [node];
            case "Softmax" or "LogSoftmax" or "Hardmax": return SoftmaxFamily(node);
            case "Dropout": return Dropout(node, out problem);
            default:
                problem = "its definition changed before opset 13 and no safe rewrite is known";
                return null;
        }
    }

    private NodeProto[]? BatchNormalization(NodeProto node, out string problem)
    {
        problem = "";
        if (node.Output.Skip(1).Any(o => o.Length > 0))
        {
            problem = "it has training outputs (running mean/variance); export the model in inference mode";
            return null;
        }

        if (node.Find("spatial") is { } spatial)
        {
            if (spatial.I != 1)
            {
                problem = "spatial=0 (per-activation statistics) has no opset-13 equivalent";
                return null;
            }

            node.RemoveAttribute("spatial");
            Note("BatchNormalization: dropped the legacy spatial=1 attribute (the default meaning since opset 9)");
        }

        while (node.Output.Count > 1) node.Output.RemoveAt(node.Output.Count - 1);
        return [node];
    }

    private enum Kind { FloatScalar, Ints, IntAsVector }

    /// <summary>Attributes that became optional inputs, in input order after the existing ones; absent ones become "".</summary>
    private NodeProto[] AttributesToInputs(NodeProto node, params (string Name, Kind Kind)[] attributes)
    {
        var inputs = new List<string>();
        foreach (var (name, kind) in attributes)
        {
            var attribute = node.Find(name);
            if (attribute is null)
            {
                inputs.Add("");
                continue;
            }

            var tensorName = _names.Next($"{Label(node)}_{name}");
            NewInitializers.Add(kind switch
            {
                Kind.FloatScalar => TensorData.ScalarFloat(tensorName, attribute.F),
                Kind.IntAsVector => TensorData.Int64(tensorName, [1], [attribute.I]),
                _ => TensorData.Int64(tensorName, [attribute.Ints.Count], attribute.Ints.ToArray()),
            });
            inputs.Add(tensorName);
            node.RemoveAttribute(name);
        }

        while (inputs.Count > 0 && inputs[^1].Length == 0) inputs.RemoveAt(inputs.Count - 1);
        node.Input.AddRange(inputs);
        if (inputs.Count > 0) Note($"{node.OpType}: attributes {string.Join(", ", attributes.Select(a => a.Name))} moved to inputs");
        return [node];
    }

    private NodeProto[] Pad(NodeProto node)
    {
        var pads = node.GetInts("pads") ?? [];
        var value = node.GetFloat("value", 0f);
        node.RemoveAttribute("pads");
        node.RemoveAttribute("value");
        var padsName = _names.Next($"{Label(node)}_pads");
        var valueName = _names.Next($"{Label(node)}_value");
        NewInitializers.Add(TensorData.Int64(padsName, [pads.Length], pads));
        NewInitializers.Add(TensorData.ScalarFloat(valueName, value));
        node.Input.Add(padsName);
        node.Input.Add(valueName);
        Note("Pad: pads and value moved to inputs");
        return [node];
    }

    /// <summary>
    /// Before opset 13 Softmax flattened the input to 2-D at <c>axis</c>; from 13 it works along one axis. Same
    /// meaning when the axis is the last one; otherwise the old behaviour is spelled out with Flatten and Reshape.
    /// </summary>
    private NodeProto[] SoftmaxFamily(NodeProto node)
    {
        var axis = node.GetInt("axis", 1);
        var rank = _index.RankOf(node.Output[0]) ?? _index.RankOf(node.Input[0]);
        if (axis == -1 || rank is { } r && (axis < 0 ? axis + r : axis) == r - 1)
        {
            node.SetInt("axis", -1);
            return [node];
        }

        var label = Label(node);
        var flat = _names.Next($"{label}_flat");
        var soft = _names.Next($"{label}_2d");
        var shape = _names.Next($"{label}_shape");
        var flatten = OnnxNodes.Create("Flatten", _names.Next($"{label}_flatten"), [node.Input[0]], [flat]);
        flatten.SetInt("axis", axis);
        var inner = OnnxNodes.Create(node.OpType, _names.Next($"{label}_axis1"), [flat], [soft]);
        inner.SetInt("axis", 1);
        var shapeOf = OnnxNodes.Create("Shape", _names.Next($"{label}_shapeof"), [node.Input[0]], [shape]);
        var reshape = OnnxNodes.Create("Reshape", node.Name, [soft, shape], [node.Output[0]]);
        Note($"{node.OpType}: axis={axis} on a tensor of unknown rank kept its pre-13 meaning through Flatten/Reshape");
        return [flatten, inner, shapeOf, reshape];
    }

    private NodeProto[]? Dropout(NodeProto node, out string problem)
    {
        problem = "";
        if (node.Output.Skip(1).Any(o => o.Length > 0 && (_index.ConsumersOf(o).Count > 0 || _index.Outputs.Contains(o))))
        {
            problem = "its mask output is used; export the model in inference mode";
            return null;
        }

        Note("Dropout: replaced by Identity (inference)");
        return [OnnxNodes.Create("Identity", node.Name, [node.Input[0]], [node.Output[0]])];
    }

    private static string Label(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output[0];

    private void Note(string note)
    {
        if (!Notes.Contains(note)) Notes.Add(note);
    }
}
