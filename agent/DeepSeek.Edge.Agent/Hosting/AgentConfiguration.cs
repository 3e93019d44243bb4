using Microsoft.Extensions.Configuration;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// Where the agent's settings come from, later ones winning: the JSON file (default
/// <c>/etc/deepseek-edge/agent.json</c>), then <c>DSEDGE_</c> environment variables
/// (<c>DSEDGE_Agent__DeviceId</c>), then <c>--Key=value</c> command-line overrides (<c>--Mqtt:Port=1884</c>).
/// </summary>
public static class AgentConfiguration
{
    public const string DefaultPath = "/etc/deepseek-edge/agent.json";
    public const string EnvironmentPrefix = "DSEDGE_";

    public static IConfigurationRoot Build(string? configPath, string[] overrides)
    {
        var path = Path.GetFullPath(configPath ?? DefaultPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"agent configuration \"{path}\" not found; pass --config <file> (packaging/config/agent.json is the default to start from)", path);

        var builder = new ConfigurationBuilder()
            .AddJsonFile(path, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(overrides);
        var config = builder.Build();
        config["ConfigDirectory"] = Path.GetDirectoryName(path);
        return config;
    }

    /// <summary>Resolves a path from the config file against the file's own directory.</summary>
    public static string Resolve(IConfiguration config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(config["ConfigDirectory"] ?? Environment.CurrentDirectory, path));
    }
}
