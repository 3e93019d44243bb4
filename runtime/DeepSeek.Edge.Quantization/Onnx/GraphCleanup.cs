using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Removes what rewrites leave behind: initializers nothing reads, value-info of tensors nothing produces.</summary>
public static class GraphCleanup
{
    public static int RemoveUnusedInitializers(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var used = new HashSet<string>(StringComparer.Ordinal);
        CollectInputs(graph, used);
        used.UnionWith(graph.Output.Select(o => o.Name));
        var unused = graph.Initializer.Where(i => !used.Contains(i.Name)).ToList();
        foreach (var tensor in unused) graph.Initializer.Remove(tensor);
        var names = unused.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in graph.Input.Where(i => names.Contains(i.Name)).ToList()) graph.Input.Remove(input);
        return unused.Count;
    }

    public static void RemoveStaleValueInfo(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var produced = graph.Node.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        foreach (var info in graph.ValueInfo.Where(v => !produced.Contains(v.Name)).ToList()) graph.ValueInfo.Remove(info);
    }

    /// <summary>Every tensor name a node reads, subgraphs (If/Loop bodies reading outer-scope names) included.</summary>
    private static void CollectInputs(GraphProto graph, HashSet<string> used)
    {
        foreach (var node in graph.Node)
        {
            used.UnionWith(node.Input);
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is not null) CollectInputs(attribute.G, used);
                foreach (var g in attribute.Graphs) CollectInputs(g, used);
            }
        }
    }
}
