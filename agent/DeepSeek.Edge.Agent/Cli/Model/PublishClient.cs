using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using System.Globalization;
using DeepSeek.Edge.Distribution;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// The trainer's side of the over-the-air path: publishes a package as a retained offer plus retained chunks (MQTT 5, QoS 1),
/// then the retained desired state for a device or group. Chunks go before the offer, so a device that sees the offer finds
/// every chunk already retained. With a source URL (a package served over HTTP(S)) only the desired state is published.
/// Progress lines go to <c>progress</c>.
/// </summary>
internal sealed class PublishClient
{
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
        if (request.SourceUrl is not null)
        {
            PackageSource.CheckUrl(request.SourceUrl);
            if (request.Device is null && request.Group is null)
                throw new ArgumentException("--url publishes only the desired state (no offer, no chunks); give --device or --group to say who should fetch it");
        }

        var offer = PublishOffer.Describe(request.PackagePath, request.ChunkSize, cancellationToken);
        var topics = new MqttTopics(request.Prefix, request.Device ?? "publisher");
        var desiredTopic = request.Device is not null ? topics.DesiredState
            : request.Group is not null ? topics.GroupDesiredState(request.Group) : null;
        var source = new PackageSource(request.SourceUrl, offer.Chunks.PackageSha256, offer.Chunks.PackageSize);

        using var client = await ModelBroker.ConnectAsync(request.Host, request.Port, "publish", cancellationToken).ConfigureAwait(false);
        if (source.Url is null) await ChunkPublisher.PublishAsync(client, topics, request.PackagePath, offer, _progress, cancellationToken).ConfigureAwait(false);
        if (desiredTopic is not null)
        {
            var documentVersion = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var desired = ProtocolJson.Write(new DesiredStateDocument(documentVersion, [source.Desired(offer.Name, offer.Version, request.Camera)]));
            await ModelBroker.SendAsync(client, ModelBroker.RetainedJson(desiredTopic, desired), cancellationToken).ConfigureAwait(false);
            await _progress.WriteLineAsync($"ds-edge model publish: desired state {desiredTopic}").ConfigureAwait(false);
        }

        await ModelBroker.DisconnectAsync(client, cancellationToken).ConfigureAwait(false);
        return new PublishResult(offer.Name, offer.Version, offer.Chunks.PackageSha256, offer.Chunks.PackageSize,
            source.Url is null ? offer.Chunks.ChunkCount : 0, desiredTopic, source.Url);
    }
}
