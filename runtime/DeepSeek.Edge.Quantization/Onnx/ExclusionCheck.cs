using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// The nodes and op types a quantization is asked to leave float must exist in the model: a name that matches nothing (a
/// typo, a node renamed by the graph preparation) would silently exclude nothing.
/// </summary>
public static class ExclusionCheck
{
    /// <exception cref="QuantizationException">A name or op type is not in the graph; the message lists what is.</exception>
    public static void Validate(GraphProto graph, IEnumerable<string> nodes, IEnumerable<string> opTypes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.Node.Select(n => n.Name).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var ops = graph.Node.Select(n => n.OpType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var unknownNodes = nodes.Where(n => !names.Contains(n)).ToArray();
        if (unknownNodes.Length > 0)
            problems.Add($"--exclude-node {string.Join(", ", unknownNodes.Select(n => $"\"{n}\""))}: no such node in the model as prepared for quantization (batch norms are folded into their convs); some of its {names.Count} nodes: {string.Join(", ", names.Take(8))}");
        var unknownOps = opTypes.Where(o => !ops.Contains(o)).ToArray();
        if (unknownOps.Length > 0)
            problems.Add($"--exclude-op {string.Join(", ", unknownOps.Select(o => $"\"{o}\""))}: the model has no such op (it has {string.Join(", ", ops.Order(StringComparer.Ordinal))})");
        if (problems.Count > 0) throw new QuantizationException(string.Join("; ", problems));
    }
}
