namespace DeepSeek.Edge.Inference.Placement;

/// <summary>The nodes one execution provider ran in the profiled warm-up run, by operator type.</summary>
/// <param name="Provider">The provider as configuration spells it (<c>tensorrt</c>, <c>cuda</c>, <c>cpu</c>; another ONNX Runtime name lower-cased).</param>
/// <param name="Nodes">Nodes of the optimised graph that ran on it (a TensorRT engine counts as one node).</param>
/// <param name="Ops">Operator type → nodes.</param>
public sealed record ProviderNodes(string Provider, int Nodes, IReadOnlyDictionary<string, int> Ops)
{
    /// <summary>E.g. <c>cpu: 120 nodes (Conv x40, Add x16)</c>.</summary>
    public override string ToString() =>
        $"{Provider}: {Nodes} nodes ({string.Join(", ", Ops.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} x{o.Value}"))})";
}
