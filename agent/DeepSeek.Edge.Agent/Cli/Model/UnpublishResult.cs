namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>What was removed: the version, its chunk count, and the desired-state topics that still select it (only with --force).</summary>
internal sealed record UnpublishResult(string Name, string Version, int ChunkCount, IReadOnlyList<string> StillSelectedBy);
