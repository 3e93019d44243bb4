namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What was published: the model, its package digest, the number of chunks (0 when the package is served from
/// <see cref="SourceUrl"/>), and the desired-state topic (null when none).
/// </summary>
internal sealed record PublishResult(string Name, string Version, string PackageSha256, long PackageSize, int ChunkCount, string? DesiredTopic, string? SourceUrl = null);
