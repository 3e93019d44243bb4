namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What <c>ds-edge model unpublish</c> removes: one version of a model from a broker. Without <see cref="Force"/> it is refused
/// while a retained desired-state document still selects that version.
/// </summary>
internal sealed record UnpublishRequest(string Host, int Port, string Prefix, string Name, string Version, bool Force);
