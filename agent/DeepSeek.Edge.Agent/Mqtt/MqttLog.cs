using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Log events of the MQTT link (event ids 400-449).</summary>
internal static partial class MqttLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "MQTT connecting to {Host}:{Port} as {ClientId} (TLS {Tls})")]
    public static partial void Connecting(ILogger logger, string host, int port, string clientId, bool tls);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "MQTT connected to {Host}:{Port} as {ClientId} (session present {SessionPresent}, {Subscriptions} subscriptions)")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent, int subscriptions);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "MQTT connect to {Host}:{Port} failed (attempt {Attempt}): {Reason}; next attempt in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "MQTT connection lost: {Reason} {Detail}")]
    public static partial void ConnectionLost(ILogger logger, string reason, string? detail);

    [LoggerMessage(EventId = 404, Level = LogLevel.Debug, Message = "MQTT subscribed to {Filter}")]
    public static partial void Subscribed(ILogger logger, string filter);

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "MQTT handler for {Filter} failed on a message on {Topic}")]
    public static partial void HandlerFailed(ILogger logger, string filter, string topic, Exception exception);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "MQTT message on {Topic} matches no handler")]
    public static partial void Unhandled(ILogger logger, string topic);

    [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "MQTT broker answered {ReasonCode} to a publish on {Topic}: {ReasonString}")]
    public static partial void PublishRefused(ILogger logger, string topic, string reasonCode, string? reasonString);

    [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "MQTT link stopped (offline status published: {Published})")]
    public static partial void Stopped(ILogger logger, bool published);

    [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "A StateChanged handler of the MQTT link failed")]
    public static partial void StateHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "MQTT broker refused the subscription to {Filter}: {ResultCode}")]
    public static partial void SubscribeRefused(ILogger logger, string filter, string resultCode);


    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Mqtt:Tls:AllowUntrustedForTests is on (DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS=1): the broker's certificate is NOT checked; {When}")]
    public static partial void UntrustedTlsAllowed(ILogger logger, string when);

    [LoggerMessage(EventId = 440, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    public static partial void EmbeddedStarted(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 441, Level = LogLevel.Information, Message = "Embedded MQTT broker stopped")]
    public static partial void EmbeddedStopped(ILogger logger);

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Request on {RequestTopic} not answered: its response topic {ResponseTopic} is refused ({Reason}); responses go only under the device's responses topic or Mqtt:ResponseNamespaces")]
    public static partial void ResponseTopicRefused(ILogger logger, string requestTopic, string responseTopic, string reason);

    [LoggerMessage(EventId = 414, Level = LogLevel.Warning, Message = "MQTT lane {Lane} is full ({Capacity} messages wait): the message on {Topic} is dropped")]
    public static partial void LaneFull(ILogger logger, string lane, int capacity, string topic);
}
