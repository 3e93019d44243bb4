using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// Turns <c>Constant</c> nodes into initializers (paddle2onnx keeps every weight in one), so that the rest of the
/// quantizer sees weights one way. Needs IR version 4 or later, where initializers need not be graph inputs.
/// </summary>
public static class ConstantNodeLifter
{
    /// <summary>Returns how many Constant nodes became initializers.</summary>
    public static int Lift(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.IrVersion < 4)
            throw new QuantizationException($"IR version {model.IrVersion}: Constant nodes can become initializers only from IR version 4; upgrade the model first");

        var graph = model.Graph;
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var lifted = 0;
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType != "Constant" || node.Domain is not ("" or "ai.onnx") || node.Output.Count != 1 || outputs.Contains(node.Output[0]))
                continue;
            var tensor = ToTensor(node);
            if (tensor is null) continue;
            tensor.Name = node.Output[0];
            graph.Initializer.Add(tensor);
            graph.Node.RemoveAt(i--);
            lifted++;
        }

        return lifted;
    }

    private static TensorProto? ToTensor(NodeProto node)
    {
        if (node.Attribute.Count != 1) return null;
        var a = node.Attribute[0];
        return a.Name switch
        {
            "value" => a.T.Clone(),
            "value_float" => TensorData.ScalarFloat("", a.F),
            "value_floats" => TensorData.Float("", [a.Floats.Count], a.Floats.ToArray()),
            "value_int" => TensorData.Int64("", [], [a.I]),
            "value_ints" => TensorData.Int64("", [a.Ints.Count], a.Ints.ToArray()),
            _ => null,
        };
    }
}
