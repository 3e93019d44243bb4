using System.Text;
using System.Text.Json;

namespace DeepSeek.Edge.Agent.Tests.Broker;

/// <summary>A message the probe received, copied out of MQTTnet's buffers.</summary>
public sealed record ProbeMessage(string Topic, byte[] Payload, bool Retain, string? ResponseTopic, byte[]? CorrelationData, IReadOnlyList<KeyValuePair<string, string>> UserProperties)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json => JsonDocument.Parse(Payload).RootElement.Clone();

    public string? Property(string name) => UserProperties.FirstOrDefault(p => p.Key == name).Value;
}
