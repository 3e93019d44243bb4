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

    public static Task<DeviceMessages> ConnectAsync(MosquittoBroker broker, string device) => ConnectAsync(broker.Port, device);

    public static async Task<DeviceMessages> ConnectAsync(int port, string device)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", port).WithClientId("test-" + device + "-" + Guid.NewGuid().ToString("N")[..6]).Build());
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

    /// <summary>A capture as the agent writes it: the JPEG's bytes, its size, the frame size the boxes are in, and the detections.</summary>
    public static CaptureDocument Capture(string device, long seq, byte[] jpeg, int[] imageSize, int[] frameSize, string version,
        IReadOnlyList<DetectionItem> detections, string camera = "cam0", DateTimeOffset? ts = null) =>
        new(device, "e1", seq, ts ?? DateTimeOffset.UtcNow, camera, seq * 10, CaptureDocument.BandReason, new CaptureModel("faces", version, "fp32", "cpu"),
            detections, frameSize, imageSize, 85, Convert.ToBase64String(jpeg));

    public Task CaptureAsync(CaptureDocument capture) => PublishAsync(Topics.Captures, ProtocolJson.Write(capture));

    /// <summary>Telemetry carrying one camera's quality under one model version over a 10 s interval.</summary>
    public Task QualityAsync(string epoch, long seq, string version, long frames, long detections, long[] histogram, long uncertain, long errors, double fps) =>
        PublishAsync(Topics.Telemetry, ProtocolJson.Write(new TelemetryDocument(
            Topics.DeviceId, epoch, seq, DateTimeOffset.UtcNow, new AgentSummary("1.0.0", "ok", DateTimeOffset.UtcNow, 10, true),
            [new CameraHealth("cam0", "file:video.avi", "streaming", "faces@" + version, "cpu", frames, frames, 0, fps)])
        {
            Quality = [new QualitySample("cam0", "faces", version, 10, frames, detections, frames == 0 ? 0 : (double)detections / frames, histogram, uncertain,
                frames == 0 ? 0 : (double)uncertain / frames, errors)],
            Captures = new CaptureCounts(3, 3, 3, new Dictionary<string, long>()),
        }));

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
