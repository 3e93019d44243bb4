namespace DeepSeek.Edge.Agent.Cli.Profile;

/// <summary>The arguments of <c>ds-edge profile</c>.</summary>
internal sealed record ProfileRequest(
    string Model,
    string Source,
    double DurationSeconds,
    bool Json,
    bool OrtProfile,
    string Providers,
    int Threads,
    bool Verbose);
