namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The link to the broker is down, or went down before the broker acknowledged.</summary>
public sealed class MqttLinkUnavailableException : Exception
{
    public MqttLinkUnavailableException()
        : this("the MQTT link is not connected")
    {
    }

    public MqttLinkUnavailableException(string message)
        : base(message)
    {
    }

    public MqttLinkUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
