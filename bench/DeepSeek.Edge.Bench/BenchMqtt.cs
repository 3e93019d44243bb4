using System.Buffers;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Bench;

/// <summary>MQTTnet 5 clients as the publisher and the agent configure them: MQTT 5, clean start, 1 MiB TCP buffer; QoS 1 sends that wait for PUBACK.</summary>
internal static class BenchMqtt
{
    public const int TcpBufferBytes = 1024 * 1024;

    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId + "-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(60))
            .Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = TcpBufferBytes;
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        return client;
    }

    public static async Task SendAsync(IMqttClient client, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new IOException($"the broker refused {message.Topic}: {result.ReasonCode} {result.ReasonString}");
    }

    /// <summary>Subscribes to each topic on its own and waits for each SUBACK, as the agent's download does.</summary>
    public static async Task SubscribeEachAsync(IMqttClient client, IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }
    }

    public static ReadOnlyMemory<byte> Contiguous(ReadOnlySequence<byte> payload) => payload.IsSingleSegment ? payload.First : payload.ToArray();

    public static Task DisconnectAsync(IMqttClient client) => client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
}
