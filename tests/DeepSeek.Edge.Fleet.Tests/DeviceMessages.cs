using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>A device's side of contract 2 for tests: one MQTT 5 client publishing the documents the agent writes.</summary>
public sealed class DeviceMessages : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private DeviceMessages(IMqttClient client, string device)
    {
        _client = client;
        Topics = new MqttTopics("dsedge", device);
    }

    public MqttTopics Topics { get; }

    public static async Task<DeviceMessages> ConnectAsync(MosquittoBroker broker, string device)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", broker.Port).WithClientId("test-" + device + "-" + Guid.NewGuid().ToString("N")[..6]).Build());
        return new DeviceMessages(client, device);
    }

    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public Task OnlineAsync(params string[] groups) => PublishAsync(Topics.Status,
        ProtocolJson.Write(new StatusDocument(Topics.DeviceId, StatusDocument.Online, "1.0.0", DateTimeOffset.UtcNow) { Ts = DateTimeOffset.UtcNow, Groups = groups }), retain: true);

    public Task TelemetryAsync(string epoch, long seq, double fps = 25, DateTimeOffset? ts = null) => PublishAsync(Topics.Telemetry, ProtocolJson.Write(new TelemetryDocument(
        Topics.DeviceId, epoch, seq, ts ?? DateTimeOffset.UtcNow, new AgentSummary("1.0.0", "ok", DateTimeOffset.UtcNow, 10, true),
        [new CameraHealth("cam0", "file:video.avi", "streaming", "faces@1.0.0", "cpu", seq * 25, seq * 25, 0, fps)])));

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
