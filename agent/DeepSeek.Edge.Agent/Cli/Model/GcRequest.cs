namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What <c>ds-edge model gc</c> cleans up: the published versions of one model beyond the newest <see cref="Keep"/>, sparing
/// every version a retained desired-state document selects. With <see cref="DryRun"/> nothing is removed.
/// </summary>
internal sealed record GcRequest(string Host, int Port, string Prefix, string Name, int Keep, bool DryRun);
