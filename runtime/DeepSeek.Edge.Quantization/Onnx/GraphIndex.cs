using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// Lookup tables over one graph: initializers, which node produces a tensor and which nodes consume it,
/// the graph's real inputs and its outputs. A snapshot: build a new one after changing the graph.
/// </summary>
public sealed class GraphIndex
{
    private static readonly IReadOnlyList<NodeProto> NoNodes = [];
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueInfoProto> _valueInfo = new(StringComparer.Ordinal);

    public GraphIndex(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        Initializers = graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        Inputs = graph.Input.Select(i => i.Name).Where(n => !Initializers.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        Outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var info in graph.ValueInfo.Concat(graph.Input).Concat(graph.Output)) _valueInfo[info.Name] = info;

        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output.Where(o => o.Length > 0)) _producers[output] = node;
            foreach (var input in node.Input.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
        }
    }

    public GraphProto Graph { get; }

    public IReadOnlyDictionary<string, TensorProto> Initializers { get; }

    /// <summary>Graph inputs that are fed at run time (initializers excluded).</summary>
    public IReadOnlySet<string> Inputs { get; }

    public IReadOnlySet<string> Outputs { get; }

    public bool IsInitializer(string tensor) => Initializers.ContainsKey(tensor);

    public NodeProto? ProducerOf(string tensor) => _producers.GetValueOrDefault(tensor);

    public IReadOnlyList<NodeProto> ConsumersOf(string tensor) =>
        _consumers.TryGetValue(tensor, out var list) ? list : NoNodes;

    /// <summary>Declared element type of a tensor (ONNX data type number), or null when the graph does not say.</summary>
    public int? ElementTypeOf(string tensor)
    {
        if (Initializers.TryGetValue(tensor, out var init)) return init.DataType;
        return _valueInfo.TryGetValue(tensor, out var info) && info.Type?.TensorType is { ElemType: > 0 } t ? t.ElemType : null;
    }

    /// <summary>Declared rank of a tensor, or null when the graph does not say.</summary>
    public int? RankOf(string tensor)
    {
        if (Initializers.TryGetValue(tensor, out var init)) return init.Dims.Count;
        return _valueInfo.TryGetValue(tensor, out var info) && info.Type?.TensorType?.Shape is { } shape ? shape.Dim.Count : null;
    }

    /// <summary>A readable name for messages: the node's name, else its op type and first output.</summary>
    public static string Describe(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Name.Length > 0 ? $"{node.OpType} node \"{node.Name}\"" : $"{node.OpType} node producing \"{node.Output.FirstOrDefault()}\"";
    }
}
