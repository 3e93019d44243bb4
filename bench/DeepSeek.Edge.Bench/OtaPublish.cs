using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepSeek.Edge.Models.Packaging.Chunks;
using MQTTnet;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Bench;

/// <summary>
/// The sending side of the over-the-air bench. (a) does what <c>ds-edge model publish</c> (the agent's internal PublishClient)
/// does, message for message: one pass over the package to describe its chunks (SHA-256 of each and of the whole), then each
/// chunk read from the file and published retained at QoS 1 with its <c>sha256</c> user property, waiting for each PUBACK, then
/// the retained offer. (c) publishes the same bytes from memory, retained at QoS 1, waiting for each PUBACK, and nothing else.
/// Both are timed from the first byte of work to the last PUBACK; connecting is not timed. (a) also reports how long describing took.
/// </summary>
internal static class OtaPublish
{
    public static async Task<(TimeSpan Elapsed, TimeSpan Describe, ChunkManifest Chunks)> PackageAsync(int port, string packagePath, string topicRoot, int chunkSize, CancellationToken cancellationToken)
    {
        using var client = await BenchMqtt.ConnectAsync(port, "bench-publish", cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var chunks = PackageChunker.Describe(packagePath, chunkSize, cancellationToken);
        var describe = clock.Elapsed;
        var buffer = new byte[chunks.ChunkSize];
        for (var i = 0; i < chunks.ChunkCount; i++)
        {
            var length = PackageChunker.ReadChunk(packagePath, chunks, i, buffer);
            await BenchMqtt.SendAsync(client, new MqttApplicationMessageBuilder()
                .WithTopic(ChunkTopic(topicRoot, i))
                .WithPayload(buffer.AsMemory(0, length).ToArray())
                .WithContentType("application/octet-stream")
                .WithUserProperty("sha256", Encoding.UTF8.GetBytes(chunks.ChunkSha256[i]).AsMemory())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build(), cancellationToken).ConfigureAwait(false);
        }

        await BenchMqtt.SendAsync(client, new MqttApplicationMessageBuilder()
            .WithTopic(topicRoot + "/manifest")
            .WithPayload(chunks.ToJsonBytes())
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build(), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        await BenchMqtt.DisconnectAsync(client).ConfigureAwait(false);
        return (clock.Elapsed, describe, chunks);
    }

    public static async Task<TimeSpan> BareAsync(int port, IReadOnlyList<byte[]> pieces, string topicRoot, CancellationToken cancellationToken)
    {
        using var client = await BenchMqtt.ConnectAsync(port, "bench-bare-publish", cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pieces.Count; i++)
        {
            await BenchMqtt.SendAsync(client, new MqttApplicationMessageBuilder()
                .WithTopic(ChunkTopic(topicRoot, i))
                .WithPayload(pieces[i])
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag()
                .Build(), cancellationToken).ConfigureAwait(false);
        }

        clock.Stop();
        await BenchMqtt.DisconnectAsync(client).ConfigureAwait(false);
        return clock.Elapsed;
    }

    public static string ChunkTopic(string topicRoot, int index) => string.Create(CultureInfo.InvariantCulture, $"{topicRoot}/chunks/{index}");
}
