using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Hands out tensor and node names that do not clash with any name already in a graph.</summary>
public sealed class UniqueNames
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public UniqueNames(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (var node in graph.Node)
        {
            _taken.Add(node.Name);
            _taken.UnionWith(node.Input);
            _taken.UnionWith(node.Output);
        }

        _taken.UnionWith(graph.Initializer.Select(i => i.Name));
        _taken.UnionWith(graph.Input.Select(i => i.Name));
        _taken.UnionWith(graph.Output.Select(o => o.Name));
        _taken.UnionWith(graph.ValueInfo.Select(v => v.Name));
    }

    public string Next(string wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var name = wanted;
        for (var i = 1; !_taken.Add(name); i++) name = $"{wanted}_{i}";
        return name;
    }
}
