using DeepSeek.Edge.Protocol.Topics;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// Where the agent may answer a request: only under its own responses topic (<c>&lt;prefix&gt;/devices/&lt;id&gt;/responses</c>
/// and below) or under a namespace named in <see cref="MqttLinkOptions.ResponseNamespaces"/>. A response topic taken from a
/// request is never used verbatim: wildcards, control characters, empty levels and every topic outside those namespaces
/// (another device's topics, the device's own commands) are refused, so a request cannot make the device publish as itself
/// onto someone else's topic or execute its own answer.
/// </summary>
public static partial class ResponseTopicPolicy
{
    /// <summary>Null when <paramref name="topic"/> may carry a response; otherwise why not (snake_case, for the metric and the log).</summary>
    public static string? Refusal(string topic, MqttTopics topics, IReadOnlyList<string> namespaces)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(namespaces);
        if (!TopicName().IsMatch(topic)) return "malformed";
        if (IsUnder(topic, topics.Responses)) return null;
        foreach (var space in namespaces)
        {
            if (IsUnder(topic, NamespaceRoot(space))) return null;
        }

        return IsUnder(topic, topics.Device + "/commands") ? "own_command_topic" : "outside_namespace";
    }

    /// <summary>The topic a namespace filter such as <c>console/responses/#</c> stands for (<c>console/responses</c>).</summary>
    public static string NamespaceRoot(string space) => space.EndsWith("/#", StringComparison.Ordinal) ? space[..^2] : space;

    /// <summary>A namespace as configured: levels of printable characters without wildcards, optionally ending in <c>/#</c>.</summary>
    public static bool IsValidNamespace(string space) => space is { Length: > 0 } && TopicName().IsMatch(NamespaceRoot(space));

    private static bool IsUnder(string topic, string root) =>
        topic.Length == root.Length ? string.Equals(topic, root, StringComparison.Ordinal)
            : topic.Length > root.Length && topic.StartsWith(root, StringComparison.Ordinal) && topic[root.Length] == '/';

    // Levels of at least one character, none a wildcard, a control character or a starting '$'; at most 1024 characters.
    [GeneratedRegex(@"\A(?!\$)(?=.{1,1024}\z)[^\x00-\x1F\x7F+#/]+(/[^\x00-\x1F\x7F+#/]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex TopicName();
}
