using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Removes one published version from the broker: clears the retained offer first (so no device starts a download of a version
/// that is half gone), then every chunk topic, each with an empty retained QoS 1 message acknowledged by the broker.
/// </summary>
internal static class VersionRemover
{
    public static async Task RemoveAsync(IMqttClient client, MqttTopics topics, OfferedVersion offered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(offered);
        await ModelBroker.SendAsync(client, ModelBroker.ClearRetained(topics.ModelManifest(offered.Name, offered.Version)), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < offered.ChunkCount; i++)
        {
            await ModelBroker.SendAsync(client, ModelBroker.ClearRetained(topics.ModelChunk(offered.Name, offered.Version, i)), cancellationToken).ConfigureAwait(false);
        }
    }
}
