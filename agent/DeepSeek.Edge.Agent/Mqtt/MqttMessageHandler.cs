namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Handles a received message, on its <see cref="MessageLane"/>'s worker (never on the MQTT receive loop; the broker has its PUBACK once the message is queued).</summary>
public delegate Task MqttMessageHandler(MqttIncoming message, CancellationToken cancellationToken);
