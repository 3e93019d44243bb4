using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Agent.Health;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Models.Naming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Hosting;

/// <summary>
/// Checks every key of the agent's configuration against the options it binds to, before anything is opened or locked: an
/// unknown key (with a "did you mean" from the known keys next to it) or a value of the wrong type (with what is expected)
/// is reported with its full key path and where the value came from (file and line, <c>DSEDGE_</c> variable, argument).
/// </summary>
public static class ConfigurationCheck
{
    internal static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [AgentOptions.Section] = typeof(AgentOptions),
        [MqttLinkOptions.SectionName] = typeof(MqttLinkOptions),
        [OutboxOptions.SectionName] = typeof(OutboxOptions),
        [GpioOptions.SectionName] = typeof(GpioOptions),
        [HealthOptions.SectionName] = typeof(HealthOptions),
        [OtaOptions.SectionName] = typeof(OtaOptions),
        ["Logging"] = typeof(LoggingSection),
    };

    /// <summary>The sections a configuration may have.</summary>
    public static IReadOnlyCollection<string> Known => Sections.Keys;

    /// <summary>Every problem, one line each; empty when the configuration binds.</summary>
    public static IReadOnlyList<string> Problems(IConfigurationRoot config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var origins = new ConfigurationOrigin(config);
        var problems = new List<string>();
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in config.AsEnumerable().OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (value is null || key.Equals(AgentConfiguration.DirectoryKey, StringComparison.OrdinalIgnoreCase)) continue; // sections come with their keys
            var segments = key.Split(':');
            if (!Sections.TryGetValue(segments[0], out var type))
            {
                if (reported.Add(segments[0]))
                    problems.Add($"{segments[0]} ({origins.Of(key)}): unknown section{Suggestion.For(segments[0], Sections.Keys)}; known sections: {string.Join(", ", Sections.Keys)}");
                continue;
            }

            if (Check(segments, type, value) is not { } problem) continue;
            if (reported.Add(problem.Path)) problems.Add($"{problem.Path} ({origins.Of(key)}): {problem.Message}");
        }

        return problems;
    }

    private static (string Path, string Message)? Check(string[] segments, Type type, string? value)
    {
        for (var i = 1; i < segments.Length; i++)
        {
            var path = string.Join(':', segments[..(i + 1)]);
            if (Element(type) is { } element)
            {
                if (!int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    return (path, $"\"{segments[i]}\" is not a list index; {string.Join(':', segments[..i])} is a list (a JSON array)");
                type = element;
            }
            else if (DictionaryValue(type) is { } entry)
            {
                type = entry;
            }
            else if (Property(type, segments[i]) is { } property)
            {
                type = property.PropertyType;
            }
            else
            {
                var known = Properties(type).Select(p => p.Name).ToArray();
                return (path, $"unknown key{Suggestion.For(segments[i], known)}; known keys here: {string.Join(", ", known)}");
            }
        }

        var full = string.Join(':', segments);
        if (string.IsNullOrEmpty(value)) return null; // an empty section or array, or a cleared value
        if (!IsScalar(type)) return (full, $"is a section, not a value; give an object with keys {string.Join(", ", Properties(type).Select(p => p.Name))}");
        return Converts(type, value) ? null : (full, $"\"{value}\" is not {Expected(type)}");
    }

    private static readonly Type[] ListTypes = [typeof(List<>), typeof(IList<>), typeof(ICollection<>), typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>)];

    internal static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType() :
        type.IsGenericType && ListTypes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0] : null;

    internal static Type? DictionaryValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? type.GetGenericArguments()[1] : null;

    internal static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || Element(p.PropertyType) is not null);

    private static PropertyInfo? Property(Type type, string name) =>
        Properties(type).FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    internal static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    private static bool Converts(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(TimeSpan)) return "a duration (hh:mm:ss, e.g. 00:00:30)";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) return "a number (with a '.' for decimals)";
        return "a " + type.Name;
    }

    /// <summary>What the <c>Logging</c> section may hold: levels by category (<c>Logging:LogLevel:Default</c>).</summary>
    private sealed class LoggingSection
    {
        public Dictionary<string, LogLevel> LogLevel { get; set; } = [];
    }
}
