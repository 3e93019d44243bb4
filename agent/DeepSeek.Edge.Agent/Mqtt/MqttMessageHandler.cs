namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Handles a received message. The broker gets the PUBACK when the handler returns, so keep it short and queue long work.</summary>
public delegate Task MqttMessageHandler(MqttIncoming message, CancellationToken cancellationToken);
