namespace DeepSeek.Edge.Models.Store;

/// <summary>What <see cref="ModelStore.Recover"/> found and did. <see cref="Clean"/>: nothing was left over from an interrupted run and every camera kept its model.</summary>
public sealed record RecoveryReport(IReadOnlyList<string> RemovedLeftovers, IReadOnlyList<PointerFallback> Fallbacks, IReadOnlyList<string> Quarantined)
{
    public bool Clean => RemovedLeftovers.Count == 0 && Fallbacks.Count == 0 && Quarantined.Count == 0;
}
