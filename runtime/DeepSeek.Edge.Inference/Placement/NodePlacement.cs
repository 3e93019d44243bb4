namespace DeepSeek.Edge.Inference.Placement;

/// <summary>Where ONNX Runtime put a model's nodes, from its own profile of the warm-up run, most nodes first.</summary>
public sealed record NodePlacement(IReadOnlyList<ProviderNodes> Providers)
{
    public int Nodes => Providers.Sum(p => p.Nodes);

    /// <summary>Nodes on <paramref name="provider"/> (0 when none).</summary>
    public int NodesOn(string provider) => Providers.FirstOrDefault(p => p.Provider == provider)?.Nodes ?? 0;

    /// <summary>One line for the load log: <c>cpu: 120 nodes (Conv x40, ...); cuda: 3 nodes (...)</c>.</summary>
    public override string ToString() => string.Join("; ", Providers);
}
