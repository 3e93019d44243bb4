using System.Globalization;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// Puts N devices in the console the way devices do it: each publishes its retained status (online, in one of ten groups
/// <c>site-0</c>…<c>site-9</c>) and its reported state (one camera, a tenth of them on <c>faces@2.0.0</c>, the rest on 1.0.0).
/// </summary>
internal static class DeviceSeeder
{
    public const int Groups = 10;

    public static string Group(int i) => "site-" + (i % Groups).ToString(CultureInfo.InvariantCulture);

    public static string Model(int i) => i % 10 == 3 ? "faces@2.0.0" : "faces@1.0.0";

    public static async Task SeedAsync(int port, int from, int to)
    {
        var factory = new MqttClientFactory();
        var senders = Enumerable.Range(0, 8).Select(async s =>
        {
            using var client = factory.CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500)
                .WithTcpServer("127.0.0.1", port).WithClientId("bench-seeder-" + Guid.NewGuid().ToString("N")[..8]).Build());
            var pending = new List<Task>();
            for (var i = from + s; i < to; i += 8)
            {
                var id = TelemetryPublisher.DeviceId(i);
                var topics = new MqttTopics("dsedge", id);
                var now = DateTimeOffset.UtcNow;
                pending.Add(Publish(client, topics.Status, ProtocolJson.Write(new StatusDocument(id, StatusDocument.Online, "1.4.0", now) { Ts = now, Groups = [Group(i)] }), true));
                pending.Add(Publish(client, topics.ReportedState, ProtocolJson.Write(new ReportedStateDocument(id, "seed", 1, now,
                    [new CameraReport("cam0", "rtsp://10.0.0.2/cam0", "streaming", Model(i), "cpu")], "1.4.0")), true));
                if (pending.Count >= 200)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
            await client.DisconnectAsync();
        });
        await Task.WhenAll(senders);
    }

    private static Task Publish(IMqttClient client, string topic, byte[] payload, bool retain) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
}
