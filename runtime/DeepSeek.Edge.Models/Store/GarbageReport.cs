namespace DeepSeek.Edge.Models.Store;

/// <summary>What <see cref="ModelStore.CollectGarbage"/> removed: versions no camera uses beyond the ones kept, old quarantine entries, stale downloads.</summary>
public sealed record GarbageReport(IReadOnlyList<ModelRef> RemovedVersions, IReadOnlyList<string> RemovedQuarantine, IReadOnlyList<string> RemovedDownloads);
