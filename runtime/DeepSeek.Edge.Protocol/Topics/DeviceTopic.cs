using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Protocol.Topics;

/// <summary>What a device publishes on: the last levels of <c>&lt;p&gt;/devices/&lt;id&gt;/…</c>.</summary>
public enum DeviceTopicKind
{
    Status,
    Telemetry,
    Events,
    ReportedState,
    ModelState,
    Responses,
    Captures,
}

/// <summary>A topic a device publishes on, read back into its device id and kind (the console's side of <see cref="MqttTopics"/>).</summary>
public readonly record struct DeviceTopic(string Device, DeviceTopicKind Kind)
{
    /// <summary>
    /// Reads <c>&lt;prefix&gt;/devices/&lt;id&gt;/&lt;kind&gt;</c>. False for any other topic, and for a device id outside
    /// <see cref="SafeName"/> (checked against the whole value), so nothing built from the id can address another topic.
    /// </summary>
    public static bool TryParse(string prefix, string topic, out DeviceTopic parsed)
    {
        parsed = default;
        ArgumentNullException.ThrowIfNull(prefix);
        if (topic is null || !topic.StartsWith(prefix + "/devices/", StringComparison.Ordinal)) return false;
        var rest = topic.AsSpan(prefix.Length + "/devices/".Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0) return false;
        var device = rest[..slash].ToString();
        if (!SafeName.IsValid(device)) return false;
        DeviceTopicKind? kind = rest[(slash + 1)..] switch
        {
            "status" => DeviceTopicKind.Status,
            "telemetry" => DeviceTopicKind.Telemetry,
            "events" => DeviceTopicKind.Events,
            "captures" => DeviceTopicKind.Captures,
            "state/reported" => DeviceTopicKind.ReportedState,
            "models/state" => DeviceTopicKind.ModelState,
            var r when r.StartsWith("responses", StringComparison.Ordinal) && (r.Length == 9 || r[9] == '/') => DeviceTopicKind.Responses,
            _ => null,
        };
        if (kind is null) return false;
        parsed = new DeviceTopic(device, kind.Value);
        return true;
    }
}
