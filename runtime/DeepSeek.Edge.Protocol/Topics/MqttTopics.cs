using System.Globalization;

namespace DeepSeek.Edge.Protocol.Topics;

/// <summary>The topic layout of docs/protocol.md for one device under one prefix.</summary>
public sealed class MqttTopics
{
    public MqttTopics(string prefix, string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        Prefix = prefix;
        DeviceId = deviceId;
        Device = $"{prefix}/devices/{deviceId}";
    }

    public string Prefix { get; }
    public string DeviceId { get; }

    /// <summary><c>&lt;prefix&gt;/devices/&lt;id&gt;</c>, the root of every per-device topic.</summary>
    public string Device { get; }

    public string Status => Device + "/status";
    public string Telemetry => Device + "/telemetry";
    public string Events => Device + "/events";
    public string Captures => Device + "/captures";
    public string ReportedState => Device + "/state/reported";
    public string DesiredState => Device + "/state/desired";
    public string Responses => Device + "/responses";

    /// <summary>Filter for every command verb: <c>&lt;prefix&gt;/devices/&lt;id&gt;/commands/+</c>.</summary>
    public string CommandsFilter => Device + "/commands/+";

    public string Command(string verb) => $"{Device}/commands/{Level(verb)}";

    public string GroupDesiredState(string group) => $"{Prefix}/groups/{Level(group)}/state/desired";

    public string ModelManifest(string name, string version) => $"{Prefix}/models/{Level(name)}/{Level(version)}/manifest";

    /// <summary>Filter for every version's offer of one model: <c>&lt;prefix&gt;/models/&lt;name&gt;/+/manifest</c>.</summary>
    public string ModelManifestsFilter(string name) => $"{Prefix}/models/{Level(name)}/+/manifest";

    /// <summary>Filters for every device's and every group's desired-state document under the prefix.</summary>
    public IReadOnlyList<string> AllDesiredStateFilters => [$"{Prefix}/devices/+/state/desired", $"{Prefix}/groups/+/state/desired"];

    public string ModelChunk(string name, string version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}/models/{Level(name)}/{Level(version)}/chunks/{index}");

    /// <summary>The last level of a topic, e.g. the verb of a command topic.</summary>
    public static string LastLevel(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var slash = topic.LastIndexOf('/');
        return slash < 0 ? topic : topic[(slash + 1)..];
    }

    private static string Level(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return value.IndexOfAny(['/', '+', '#']) < 0 && !value.Any(char.IsControl)
            ? value
            : throw new ArgumentException($"\"{value.ReplaceLineEndings("\\n")}\" cannot be one topic level: it contains '/', '+', '#' or a control character", nameof(value));
    }
}
