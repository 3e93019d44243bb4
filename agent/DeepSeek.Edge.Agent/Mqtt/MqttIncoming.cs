namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>A message received on a subscribed filter.</summary>
public sealed class MqttIncoming
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public string? ResponseTopic { get; init; }
    public byte[]? CorrelationData { get; init; }
    public string? ContentType { get; init; }
    public bool Retained { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> UserProperties { get; init; } = [];

    /// <summary>The value of the first user property with this name, or null.</summary>
    public string? UserProperty(string name)
    {
        foreach (var (key, value) in UserProperties)
        {
            if (string.Equals(key, name, StringComparison.Ordinal)) return value;
        }

        return null;
    }
}
