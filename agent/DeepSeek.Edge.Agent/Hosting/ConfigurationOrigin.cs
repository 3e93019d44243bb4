using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>Where the value of a key came from: the last source that sets it (a file and its line, a variable, an argument).</summary>
internal sealed class ConfigurationOrigin
{
    private readonly IConfigurationRoot _config;
    private readonly Dictionary<string, Dictionary<string, int>> _lines = new(StringComparer.Ordinal);

    public ConfigurationOrigin(IConfigurationRoot config) => _config = config;

    public string Of(string key)
    {
        foreach (var provider in _config.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _)) continue;
            switch (provider)
            {
                case JsonConfigurationProvider json:
                    var file = json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath ?? json.Source.Path ?? "the configuration file";
                    return Lines(file).TryGetValue(key, out var line) ? $"{file} line {line}" : file;
                case EnvironmentVariablesConfigurationProvider:
                    return "environment variable " + AgentConfiguration.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
                case CommandLineConfigurationProvider:
                    return $"argument --{key}=";
            }
        }

        return "the configuration";
    }

    private Dictionary<string, int> Lines(string file)
    {
        if (!_lines.TryGetValue(file, out var lines)) _lines[file] = lines = JsonKeyLines.Read(file);
        return lines;
    }
}
