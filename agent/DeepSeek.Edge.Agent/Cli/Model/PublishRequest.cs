namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What <c>ds-edge model publish</c> sends: a package to a broker, and optionally the desired state that points a device
/// (or a group) at it. Without <see cref="Device"/> and <see cref="Group"/> only the offer and its chunks are published.
/// </summary>
internal sealed record PublishRequest(
    string PackagePath,
    string Host,
    int Port,
    string Prefix,
    string? Device,
    string? Group,
    string? Camera,
    int ChunkSize);
