namespace DeepSeek.Edge.Agent.Mqtt;

public enum MqttConnectionState
{
    /// <summary>Not started, or waiting before the next attempt.</summary>
    Disconnected,

    /// <summary>An attempt is under way.</summary>
    Connecting,

    /// <summary>Connected, online status published, subscriptions in place.</summary>
    Connected,

    /// <summary>Stopped for good (the host is shutting down).</summary>
    Stopped,
}
