using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// Folds <c>Conv -> BatchNormalization</c> into one Conv: <c>W' = W * g/sqrt(v+e)</c> per output channel and
/// <c>b' = (b - m) * g/sqrt(v+e) + beta</c>. Quantizing the folded weights is what the INT8 kernels run.
/// </summary>
public static class BatchNormFolder
{
    /// <summary>Folds every eligible pair in place and returns how many were folded.</summary>
    public static int Fold(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        var folded = 0;
        var index = new GraphIndex(graph);
        var names = new UniqueNames(graph);
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization" && OnnxNodes.IsDefaultDomain(n.Domain)).ToList())
        {
            if (!TryFold(graph, index, names, bn)) continue;
            folded++;
            index = new GraphIndex(graph);
        }

        if (folded > 0) GraphCleanup.RemoveUnusedInitializers(graph);
        return folded;
    }

    private static bool TryFold(GraphProto graph, GraphIndex index, UniqueNames names, NodeProto bn)
    {
        if (bn.Input.Count < 5 || bn.Output.Count(o => o.Length > 0) != 1) return false;
        var conv = index.ProducerOf(bn.Input[0]);
        if (conv is null || conv.OpType != "Conv" || !OnnxNodes.IsDefaultDomain(conv.Domain)) return false;
        if (index.ConsumersOf(conv.Output[0]).Count != 1 || index.Outputs.Contains(conv.Output[0])) return false;
        if (conv.Input.Count < 2 || !index.Initializers.TryGetValue(conv.Input[1], out var weight) || !TensorData.IsFloat(weight)) return false;

        var parameters = new float[4][];
        for (var i = 0; i < 4; i++)
        {
            if (!index.Initializers.TryGetValue(bn.Input[i + 1], out var p) || !TensorData.IsFloat(p)) return false;
            parameters[i] = TensorData.ReadFloats(p);
        }

        var (gamma, beta, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3]);
        var channels = (int)weight.Dims[0];
        if (new[] { gamma, beta, mean, variance }.Any(p => p.Length != channels)) return false;

        float[] bias;
        if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
        {
            if (!index.Initializers.TryGetValue(conv.Input[2], out var b) || !TensorData.IsFloat(b)) return false;
            bias = TensorData.ReadFloats(b);
        }
        else
        {
            bias = new float[channels];
        }

        var epsilon = bn.GetFloat("epsilon", 1e-5f);
        var w = TensorData.ReadFloats(weight);
        var perChannel = w.Length / channels;
        var newBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
            var row = w.AsSpan(c * perChannel, perChannel);
            for (var k = 0; k < row.Length; k++) row[k] *= scale;
            newBias[c] = (bias[c] - mean[c]) * scale + beta[c];
        }

        var label = conv.Name.Length > 0 ? conv.Name : conv.Output[0];
        var weightName = names.Next($"{label}_W_bn");
        var biasName = names.Next($"{label}_B_bn");
        graph.Initializer.Add(TensorData.Float(weightName, weight.Dims, w));
        graph.Initializer.Add(TensorData.Float(biasName, [channels], newBias));
        conv.Input[1] = weightName;
        if (conv.Input.Count > 2) conv.Input[2] = biasName;
        else conv.Input.Add(biasName);

        conv.Output[0] = bn.Output[0];
        graph.Node.Remove(bn);
        return true;
    }
}
