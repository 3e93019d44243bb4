namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What <c>ds-edge model publish</c> sends: a package to a broker, and optionally the desired state that points a device
/// (or a group) at it. Without <see cref="Device"/> and <see cref="Group"/> only the offer and its chunks are published.
/// With <see cref="SourceUrl"/> the package is served over HTTP(S): no offer or chunk is published, only the desired state,
/// whose entry names the URL, the package's SHA-256 and its size.
/// </summary>
internal sealed record PublishRequest(
    string PackagePath,
    string Host,
    int Port,
    string Prefix,
    string? Device,
    string? Group,
    string? Camera,
    int ChunkSize,
    string? SourceUrl = null);
