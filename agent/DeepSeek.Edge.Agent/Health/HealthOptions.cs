using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>Device health collection, bound from the configuration section <see cref="SectionName"/>; it is sent with each telemetry message (<c>Agent:Telemetry:IntervalSeconds</c>).</summary>
public sealed class HealthOptions : ISelfValidatingOptions
{
    public const string SectionName = "Health";
    public const string DefaultRootPath = "/";
    public const string DefaultDataDirectory = "/var/lib/deepseek-edge";

    /// <summary>The directory under which proc/ and sys/ are read: "/" on a device; tests point it at a copy.</summary>
    public string RootPath { get; set; } = DefaultRootPath;

    /// <summary>The directory whose file system is reported as disk total/free (the model store and offline buffer live there).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>Every problem of the configuration, each naming its key and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(RootPath))
        {
            errors.Add($"{SectionName}:RootPath is empty: leave it unset ({DefaultRootPath}) on a device.");
        }
        else if (!Directory.Exists(RootPath))
        {
            errors.Add($"{SectionName}:RootPath is '{RootPath}', which does not exist: leave it unset ({DefaultRootPath}) on a device.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add($"{SectionName}:DataDirectory is empty: set the agent's data directory (default {DefaultDataDirectory}).");
        }

        return errors;
    }
}
