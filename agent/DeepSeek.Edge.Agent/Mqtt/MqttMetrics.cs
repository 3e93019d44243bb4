using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Instruments of the MQTT link and the embedded broker.</summary>
internal static class MqttMetrics
{
    public static readonly UpDownCounter<int> Connected =
        EdgeMeter.Instance.CreateUpDownCounter<int>("dsedge.mqtt.connected", "{connection}", "1 while the link to the broker is up, 0 otherwise");

    public static readonly Counter<long> Connects =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.connects", "{connect}", "Connections established, tagged first or reconnect");

    public static readonly Counter<long> ConnectFailures =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.connect.failures", "{attempt}", "Connect attempts that failed, by error type");

    public static readonly Counter<long> Disconnects =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.disconnects", "{disconnect}", "Connections lost, by reason");

    public static readonly Counter<long> Published =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.messages.published", "{message}", "Messages published, by result (accepted, rejected, retry_later, failed)");

    public static readonly Counter<long> Received =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.messages.received", "{message}", "Messages received, by whether a handler took them");

    public static readonly Counter<long> ResponsesRefused =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.responses.refused", "{response}", "Responses not sent because the request's response topic is outside the allowed namespaces, by reason");

    public static readonly Counter<long> Overflow =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.mqtt.messages.overflow", "{message}", "Received messages dropped because their lane was full, by lane");
}
