using DeepSeek.Edge.Models.Naming;
using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// The nodes and op types a quantization is asked to leave float must exist in the model: a name that matches nothing (a
/// typo, a node renamed by the graph preparation) would silently exclude nothing.
/// </summary>
public static class ExclusionCheck
{
    /// <exception cref="QuantizationException">A name or op type is not in the graph; the message names it, the closest name the model has, and what it has.</exception>
    public static void Validate(GraphProto graph, IEnumerable<string> nodes, IEnumerable<string> opTypes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.Node.Select(n => n.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var known = names.ToHashSet(StringComparer.Ordinal);
        var ops = graph.Node.Select(n => n.OpType).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        var problems = new List<string>();
        foreach (var node in nodes.Where(n => !known.Contains(n)))
            problems.Add($"--exclude-node \"{node}\": no such node in the model as prepared for quantization (batch norms are folded into their convs){NodeHint(node, names)}");
        foreach (var op in opTypes.Where(o => !ops.Contains(o, StringComparer.OrdinalIgnoreCase)))
            problems.Add($"--exclude-op \"{op}\": the model has no such op{Suggestion.For(op, ops)} (it has {string.Join(", ", ops)})");
        if (problems.Count > 0) throw new QuantizationException(string.Join("; ", problems));
    }

    /// <summary>The closest node name, or the names that contain what was typed (a part of a long exported name), or a few names.</summary>
    private static string NodeHint(string typed, IReadOnlyList<string> names)
    {
        var close = Suggestion.For(typed, names);
        if (close.Length > 0) return close;
        var containing = names.Where(n => n.Contains(typed, StringComparison.OrdinalIgnoreCase)).Take(4).ToArray();
        if (containing.Length > 0) return $"; names that contain it: {string.Join(", ", containing.Select(n => $"\"{n}\""))}";
        return $"; some of its {names.Count} nodes: {string.Join(", ", names.Take(8))}";
    }
}
