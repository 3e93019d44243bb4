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

    /// <summary>The key under which the configuration file's directory is kept (for resolving relative paths).</summary>
    public const string DirectoryKey = "ConfigDirectory";

    public static IConfigurationRoot Build(string? configPath, string[] overrides)
    {
        var path = Path.GetFullPath(configPath ?? DefaultPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"agent configuration \"{path}\" not found; pass --config <file> (packaging/config/agent.json is the default to start from)", path);

        var builder = new ConfigurationBuilder()
            .AddJsonFile(path, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(overrides);
        IConfigurationRoot config;
        try
        {
            config = builder.Build();
        }
        catch (InvalidDataException e) when (Inner<System.Text.Json.JsonException>(e) is { } json)
        {
            throw new InvalidDataException($"{path} is not valid JSON: line {json.LineNumber + 1}, column {json.BytePositionInLine + 1}: {json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]}", e);
        }

        config[DirectoryKey] = Path.GetDirectoryName(path);
        return config;
    }

    /// <summary>Resolves a path from the config file against the file's own directory.</summary>
    public static string Resolve(IConfiguration config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(config[DirectoryKey] ?? Environment.CurrentDirectory, path));
    }

    private static T? Inner<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T found) return found;
        }

        return null;
    }
}
