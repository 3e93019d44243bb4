using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>
/// Moves a model from opset 7..12 to opset 13, the first with per-channel QuantizeLinear/DequantizeLinear.
/// Only changes whose meaning is known to be kept are made (attributes that became inputs, the legacy
/// BatchNormalization <c>spatial</c> flag, Softmax's axis rule); any other op makes the upgrade refuse.
/// </summary>
public static class OpsetUpgrader
{
    public const long TargetOpset = 13;
    public const long TargetIrVersion = 7;
    public const long OldestSupportedOpset = 7;

    /// <summary>Upgrades in place. Returns a line per change made, for the report; empty when the model was already new enough.</summary>
    public static IReadOnlyList<string> Upgrade(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var notes = new List<string>();
        var from = OnnxNodes.DefaultOpset(model);
        if (from < TargetOpset)
        {
            if (from < OldestSupportedOpset)
                throw new QuantizationException($"the model imports opset {from}; upgrading is supported from opset {OldestSupportedOpset}: re-export it at opset {TargetOpset} or later");

            var graph = model.Graph;
            RefuseSubgraphs(graph);
            var rules = new OpUpgradeRules(graph, from);
            var refused = new List<string>();
            var nodes = new List<NodeProto>(graph.Node.Count);
            foreach (var node in graph.Node)
            {
                if (!OnnxNodes.IsDefaultDomain(node.Domain))
                {
                    nodes.Add(node);
                    continue;
                }

                var replacement = rules.Apply(node, out var problem);
                if (replacement is null) refused.Add($"{GraphIndex.Describe(node)}: {problem}");
                else nodes.AddRange(replacement);
            }

            if (refused.Count > 0)
                throw new QuantizationException(
                    $"cannot upgrade the model from opset {from} to {TargetOpset} (per-channel INT8 needs {TargetOpset}) without changing its meaning: {string.Join("; ", refused.Take(5))}" +
                    (refused.Count > 5 ? $" and {refused.Count - 5} more" : "") + $". Re-export the model at opset {TargetOpset} or later");

            graph.Node.Clear();
            graph.Node.AddRange(nodes);
            graph.Initializer.AddRange(rules.NewInitializers);
            OnnxNodes.SetDefaultOpset(model, TargetOpset);
            notes.Add($"opset {from} -> {TargetOpset}");
            notes.AddRange(rules.Notes);
        }

        if (model.IrVersion < TargetIrVersion)
        {
            notes.Add($"IR version {model.IrVersion} -> {TargetIrVersion}");
            model.IrVersion = TargetIrVersion;
        }

        var removed = RemoveInitializersFromInputs(model.Graph);
        if (removed > 0) notes.Add($"{removed} initializers no longer listed as graph inputs (so they are constants)");
        return notes;
    }

    /// <summary>Initializers listed as graph inputs can be overridden at run time, so runtimes do not treat them as constant weights.</summary>
    private static int RemoveInitializersFromInputs(GraphProto graph)
    {
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var stale = graph.Input.Where(i => initializers.Contains(i.Name)).ToList();
        foreach (var input in stale) graph.Input.Remove(input);
        return stale.Count;
    }

    private static void RefuseSubgraphs(GraphProto graph)
    {
        var node = graph.Node.FirstOrDefault(n => n.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0));
        if (node is not null)
            throw new QuantizationException($"{GraphIndex.Describe(node)} has a subgraph; opset upgrade of control flow is not supported: re-export the model at opset {TargetOpset} or later");
    }
}
