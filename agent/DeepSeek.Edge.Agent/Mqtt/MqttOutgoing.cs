using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>A message to publish. QoS 1 unless told otherwise.</summary>
public sealed class MqttOutgoing
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQualityOfServiceLevel QualityOfService { get; init; } = MqttQualityOfServiceLevel.AtLeastOnce;
    public bool Retain { get; init; }
    public string? ContentType { get; init; } = "application/json";
    public string? ResponseTopic { get; init; }
    public byte[]? CorrelationData { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> UserProperties { get; init; } = [];

    /// <summary>When set, the broker discards the message if it is not delivered in time.</summary>
    public TimeSpan? MessageExpiry { get; init; }
}
