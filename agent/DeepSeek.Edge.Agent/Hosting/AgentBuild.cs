using System.Reflection;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>The agent's version, one value everywhere (status, telemetry, /healthz, metrics): the release without build metadata.</summary>
public static class AgentBuild
{
    private static readonly string Informational =
        typeof(AgentBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary><c>1.0.0</c>: what a fleet compares and groups by.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The source revision the build came from (after <c>+</c> in the informational version), or null.</summary>
    public static string? Revision { get; } = Informational.Contains('+', StringComparison.Ordinal) ? Informational.Split('+')[1] : null;
}
