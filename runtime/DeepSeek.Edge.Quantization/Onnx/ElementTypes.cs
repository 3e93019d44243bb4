using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// The element type of every tensor in a graph: what the graph declares, else propagated forward through the
/// nodes (Shape gives int64, Cast its target, most ops their first input's type). Unknown tensors are absent.
/// </summary>
public static class ElementTypes
{
    public static IReadOnlyDictionary<string, int> Infer(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in graph.Input.Concat(graph.ValueInfo).Concat(graph.Output))
        {
            if (info.Type?.TensorType is { ElemType: > 0 } t) types[info.Name] = t.ElemType;
        }

        foreach (var init in graph.Initializer) types[init.Name] = init.DataType;

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Output.Count; i++)
            {
                var output = node.Output[i];
                if (output.Length == 0 || types.ContainsKey(output)) continue;
                if (OutputType(node, i, types) is { } type) types[output] = type;
            }
        }

        return types;
    }

    private static int? OutputType(NodeProto node, int output, Dictionary<string, int> types)
    {
        int? InputType(int i) => i < node.Input.Count && types.TryGetValue(node.Input[i], out var t) ? t : null;
        return node.OpType switch
        {
            "Shape" or "Size" or "NonZero" or "ArgMax" or "ArgMin" or "NonMaxSuppression" => (int)DataType.Int64,
            "Cast" => (int)node.GetInt("to", 0),
            "Equal" or "Greater" or "Less" or "GreaterOrEqual" or "LessOrEqual" or "Not" or "And" or "Or" or "Xor" or "IsNaN" or "IsInf" => (int)DataType.Bool,
            "ConstantOfShape" => node.Find("value")?.T?.DataType ?? (int)DataType.Float,
            "Constant" => ConstantType(node),
            "TopK" => output == 1 ? (int)DataType.Int64 : InputType(0),
            "Where" => InputType(1),
            "DequantizeLinear" => (int)DataType.Float,
            "QuantizeLinear" => InputType(2) ?? (int)DataType.Uint8,
            "DynamicQuantizeLinear" => output == 1 ? (int)DataType.Float : (int)DataType.Uint8,
            "MatMulInteger" or "ConvInteger" => (int)DataType.Int32,
            _ => Enumerable.Range(0, node.Input.Count).Select(InputType).FirstOrDefault(t => t is not null),
        };
    }

    private static int? ConstantType(NodeProto node)
    {
        var a = node.Attribute.FirstOrDefault();
        return a?.Name switch
        {
            "value" => a.T.DataType,
            "value_float" or "value_floats" => (int)DataType.Float,
            "value_int" or "value_ints" => (int)DataType.Int64,
            _ => null,
        };
    }
}
