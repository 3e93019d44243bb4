using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// What a QDQ rewrite will do to a prepared model: which nodes run quantized, which activation tensors get a
/// Q/DQ pair (and which of them reuse another tensor's parameters), and which weights become int8.
/// </summary>
public sealed class QdqPlan
{
    public QdqPlan(
        IReadOnlyList<NodeProto> nodes,
        IReadOnlyList<string> tensors,
        IReadOnlyDictionary<string, string> sharedParams,
        IReadOnlyList<WeightUse> weights,
        IReadOnlyList<string> excluded,
        IReadOnlyList<string>? keptFloat = null)
    {
        KeptFloat = keptFloat ?? [];
        Nodes = nodes;
        Tensors = tensors;
        SharedParams = sharedParams;
        Weights = weights;
        Excluded = excluded;
    }

    public IReadOnlyList<NodeProto> Nodes { get; }

    /// <summary>Activation tensors that get a QuantizeLinear/DequantizeLinear pair, in graph order.</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>Tensor -> the tensor whose scale and zero point it uses (pass-through ops).</summary>
    public IReadOnlyDictionary<string, string> SharedParams { get; }

    public IReadOnlyList<WeightUse> Weights { get; }

    /// <summary>Nodes left float because the options excluded them (readable descriptions).</summary>
    public IReadOnlyList<string> Excluded { get; }

    /// <summary>Quantizable nodes left float because they write an excluded node's input or read its output (readable descriptions).</summary>
    public IReadOnlyList<string> KeptFloat { get; }

    /// <summary>The tensors whose ranges calibration must measure (those with parameters of their own).</summary>
    public IReadOnlyList<string> TensorsToCalibrate => Tensors.Where(t => !SharedParams.ContainsKey(t)).ToArray();

    /// <summary>The tensor whose parameters <paramref name="tensor"/> uses (itself unless shared).</summary>
    public string ParamsSource(string tensor)
    {
        var current = tensor;
        for (var hops = 0; SharedParams.TryGetValue(current, out var next); hops++)
        {
            if (hops > SharedParams.Count) throw new InvalidOperationException($"shared quantization parameters of \"{tensor}\" form a cycle");
            current = next;
        }

        return current;
    }
}
