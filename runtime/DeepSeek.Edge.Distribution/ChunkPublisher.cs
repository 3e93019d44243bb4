using System.Globalization;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Distribution;

/// <summary>
/// Publishes a package as retained chunks (QoS 1, each with its SHA-256 as a user property), then its retained offer: a device
/// that sees the offer finds every chunk already retained. Progress goes to <c>progress</c> when given: a line each time
/// another tenth of the package is sent (at most ten, however many chunks), then the offer.
/// </summary>
public static class ChunkPublisher
{
    public static async Task PublishAsync(
        IMqttClient client, MqttTopics topics, string packagePath, PublishOffer offer, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(offer);
        var buffer = new byte[offer.Chunks.ChunkSize];
        var tenthsReported = 0;
        for (var i = 0; i < offer.Chunks.ChunkCount; i++)
        {
            var length = PackageChunker.ReadChunk(packagePath, offer.Chunks, i, buffer);
            var chunk = new MqttApplicationMessageBuilder()
                .WithTopic(topics.ModelChunk(offer.Name, offer.Version, i))
                .WithPayload(buffer.AsMemory(0, length).ToArray())
                .WithContentType("application/octet-stream")
                .WithUserProperty("sha256", System.Text.Encoding.UTF8.GetBytes(offer.Chunks.ChunkSha256[i]).AsMemory())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build();
            await ModelBroker.SendAsync(client, chunk, cancellationToken).ConfigureAwait(false);
            var sent = offer.Chunks.OffsetOf(i) + length;
            var tenths = (int)(sent * 10 / Math.Max(1, offer.Chunks.PackageSize));
            if (progress is null || tenths <= tenthsReported) continue;
            tenthsReported = tenths;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ds-edge model publish: sent {tenths * 10}% ({i + 1}/{offer.Chunks.ChunkCount} chunks, {sent}/{offer.Chunks.PackageSize} bytes)")).ConfigureAwait(false);
        }

        var manifestTopic = topics.ModelManifest(offer.Name, offer.Version);
        await ModelBroker.SendAsync(client, ModelBroker.RetainedJson(manifestTopic, ProtocolJson.Write(offer.ToDocument())), cancellationToken).ConfigureAwait(false);
        if (progress is not null) await progress.WriteLineAsync($"ds-edge model publish: offer {manifestTopic}").ConfigureAwait(false);
    }
}
