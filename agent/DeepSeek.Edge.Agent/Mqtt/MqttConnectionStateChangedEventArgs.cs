namespace DeepSeek.Edge.Agent.Mqtt;

public sealed class MqttConnectionStateChangedEventArgs(MqttConnectionState previous, MqttConnectionState current, Exception? error) : EventArgs
{
    public MqttConnectionState Previous { get; } = previous;
    public MqttConnectionState Current { get; } = current;

    /// <summary>Why an attempt failed or a connection was lost, when known.</summary>
    public Exception? Error { get; } = error;
}
