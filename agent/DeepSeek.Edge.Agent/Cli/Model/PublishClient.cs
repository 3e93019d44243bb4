using System.Globalization;
using DeepSeek.Edge.Agent.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// The trainer's side of the over-the-air path: publishes a package as a retained offer plus retained chunks (MQTT 5, QoS 1),
/// then the retained desired state for a device or group. Chunks go before the offer, so a device that sees the offer finds
/// every chunk already retained. Progress lines go to <c>progress</c>.
/// </summary>
internal sealed class PublishClient
{
    public const int TcpBufferBytes = 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly TextWriter _progress;

    public PublishClient(TimeProvider time, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(progress);
        _time = time;
        _progress = progress;
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Device is not null && request.Group is not null)
            throw new ArgumentException("give --device or --group, not both");
        var offer = PublishOffer.Describe(request.PackagePath, request.ChunkSize, cancellationToken);
        var topics = new MqttTopics(request.Prefix, request.Device ?? "publisher");
        var desiredTopic = request.Device is not null ? topics.DesiredState
            : request.Group is not null ? topics.GroupDesiredState(request.Group) : null;
        var manifestTopic = topics.ModelManifest(offer.Name, offer.Version);

        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(ClientOptions(request), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[offer.Chunks.ChunkSize];
        for (var i = 0; i < offer.Chunks.ChunkCount; i++)
        {
            var length = Models.Packaging.Chunks.PackageChunker.ReadChunk(request.PackagePath, offer.Chunks, i, buffer);
            var chunk = new MqttApplicationMessageBuilder()
                .WithTopic(topics.ModelChunk(offer.Name, offer.Version, i))
                .WithPayload(buffer.AsMemory(0, length).ToArray())
                .WithContentType("application/octet-stream")
                .WithUserProperty("sha256", System.Text.Encoding.UTF8.GetBytes(offer.Chunks.ChunkSha256[i]).AsMemory())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build();
            await SendAsync(client, chunk, cancellationToken).ConfigureAwait(false);
            await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ds-edge model publish: chunk {i + 1}/{offer.Chunks.ChunkCount} ({offer.Chunks.OffsetOf(i) + length}/{offer.Chunks.PackageSize} bytes)")).ConfigureAwait(false);
        }

        await SendAsync(client, Json(manifestTopic, offer.ToJsonBytes()), cancellationToken).ConfigureAwait(false);
        await _progress.WriteLineAsync($"ds-edge model publish: offer {manifestTopic}").ConfigureAwait(false);
        if (desiredTopic is not null)
        {
            var documentVersion = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var desired = PublishDesiredState.ToJsonBytes(documentVersion, offer.Name, offer.Version, request.Camera);
            await SendAsync(client, Json(desiredTopic, desired), cancellationToken).ConfigureAwait(false);
            await _progress.WriteLineAsync($"ds-edge model publish: desired state {desiredTopic}").ConfigureAwait(false);
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken).ConfigureAwait(false);
        return new PublishResult(offer.Name, offer.Version, offer.Chunks.PackageSha256, offer.Chunks.PackageSize, offer.Chunks.ChunkCount, desiredTopic);
    }

    private static MqttClientOptions ClientOptions(PublishRequest request)
    {
        var options = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(request.Host, request.Port)
            .WithClientId("ds-edge-publish-" + Guid.NewGuid().ToString("N")[..12])
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = TcpBufferBytes;
        return options;
    }

    private static MqttApplicationMessage Json(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithContentType("application/json")
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag()
        .Build();

    private static async Task SendAsync(IMqttClient client, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
            throw new IOException($"the broker refused {message.Topic}: {result.ReasonCode} {result.ReasonString}");
    }
}
