using System.Buffers;
using System.Text;
using MQTTnet;
using MQTTnet.Packets;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Conversions between this library's message types and MQTTnet's.</summary>
internal static class MqttMessages
{
    public static MqttApplicationMessage ToApplicationMessage(MqttOutgoing m)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(m.Topic)
            .WithPayload(new ReadOnlySequence<byte>(m.Payload))
            .WithQualityOfServiceLevel(m.QualityOfService)
            .WithRetainFlag(m.Retain);
        if (m.ContentType is not null) builder = builder.WithContentType(m.ContentType);
        if (m.ResponseTopic is not null) builder = builder.WithResponseTopic(m.ResponseTopic);
        if (m.CorrelationData is not null) builder = builder.WithCorrelationData(m.CorrelationData);
        if (m.MessageExpiry is { } expiry) builder = builder.WithMessageExpiryInterval((uint)Math.Max(1, expiry.TotalSeconds));
        foreach (var (name, value) in m.UserProperties) builder = builder.WithUserProperty(name, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(value)));
        return builder.Build();
    }

    public static MqttIncoming ToIncoming(MqttApplicationMessage m) => new()
    {
        Topic = m.Topic,
        Payload = m.Payload.ToArray(),
        ResponseTopic = m.ResponseTopic,
        CorrelationData = m.CorrelationData,
        ContentType = m.ContentType,
        Retained = m.Retain,
        UserProperties = m.UserProperties is { Count: > 0 } props ? [.. props.Select(p => KeyValuePair.Create(p.Name, p.ReadValueAsString()))] : [],
    };

    public static MqttPublishStatus Classify(MqttClientPublishReasonCode code) => code switch
    {
        MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers => MqttPublishStatus.Accepted,
        // Only a malformed message is refused for good; an ACL, a quota or a busy broker can change while the message waits.
        MqttClientPublishReasonCode.TopicNameInvalid or MqttClientPublishReasonCode.PayloadFormatInvalid => MqttPublishStatus.Rejected,
        _ => MqttPublishStatus.RetryLater,
    };

    public static string MetricTag(MqttPublishStatus status) => status switch
    {
        MqttPublishStatus.Accepted => "accepted",
        MqttPublishStatus.Rejected => "rejected",
        _ => "retry_later",
    };
}
