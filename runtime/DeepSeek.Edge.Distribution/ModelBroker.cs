using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Distribution;

/// <summary>
/// The broker side shared by <c>ds-edge model publish|unpublish|gc</c> and the fleet console: one MQTT 5 connection (clean start, 1 MiB TCP buffer),
/// retained QoS 1 messages, and sends that wait for the broker's PUBACK.
/// </summary>
public static class ModelBroker
{
    public const int TcpBufferBytes = 1024 * 1024;

    /// <summary>Splits <c>HOST</c> or <c>HOST:PORT</c> (default port 1883).</summary>
    public static (string Host, int Port) ParseAddress(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return BrokerAddress.TryParse(value, out var address)
            ? (address.Host, address.Port)
            : throw new ArgumentException($"--broker \"{value}\" is not HOST or HOST:PORT");
    }

    /// <summary>Connects a client named <c>ds-edge-&lt;verb&gt;-&lt;random&gt;</c>; the caller disposes it.</summary>
    public static async Task<IMqttClient> ConnectAsync(string host, int port, string verb, CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(host, port)
            .WithClientId($"ds-edge-{verb}-" + Guid.NewGuid().ToString("N")[..12])
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = TcpBufferBytes;
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static Task DisconnectAsync(IMqttClient client, CancellationToken cancellationToken) =>
        client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);

    /// <summary>A retained QoS 1 JSON document.</summary>
    public static MqttApplicationMessage RetainedJson(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithContentType("application/json")
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag()
        .Build();

    /// <summary>An empty retained QoS 1 message: the broker drops what it retained on <paramref name="topic"/>.</summary>
    public static MqttApplicationMessage ClearRetained(string topic) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(Array.Empty<byte>())
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag()
        .Build();

    /// <summary>Publishes and waits for the PUBACK; a refusal is an <see cref="IOException"/> naming the topic.</summary>
    public static async Task SendAsync(IMqttClient client, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
            throw new IOException($"the broker refused {message.Topic}: {result.ReasonCode} {result.ReasonString}");
    }
}
