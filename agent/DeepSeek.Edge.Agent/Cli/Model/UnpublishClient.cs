using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Removes one published version: reads its retained offer (for the chunk count) and every retained desired-state document,
/// refuses while a document still selects the version (unless forced), then clears the offer and the chunks.
/// </summary>
internal sealed class UnpublishClient
{
    private readonly TextWriter _diagnostics;

    public UnpublishClient(TextWriter diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        _diagnostics = diagnostics;
    }

    public async Task<UnpublishResult> UnpublishAsync(UnpublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topics = new MqttTopics(request.Prefix, "publisher");
        var manifestTopic = topics.ModelManifest(request.Name, request.Version);
        using var client = await ModelBroker.ConnectAsync(request.Host, request.Port, "unpublish", cancellationToken).ConfigureAwait(false);
        var retained = await RetainedSnapshot.ReadAsync(client, [manifestTopic, .. topics.AllDesiredStateFilters], cancellationToken).ConfigureAwait(false);

        var offered = OfferedVersion.From(retained).SingleOrDefault(o => o.Topic == manifestTopic)
            ?? throw new ArgumentException($"{request.Name}@{request.Version} is not published: {manifestTopic} holds no retained offer (check --name, --version and --prefix)");
        var selecting = DesiredSelections.From(retained, _diagnostics).Selecting(request.Name, request.Version);
        if (selecting.Count > 0 && !request.Force)
            throw new ArgumentException($"{request.Name}@{request.Version} is still selected by {string.Join(", ", selecting)}; point those documents at another version first, or add --force (devices that still want it will fail to download it)");

        await VersionRemover.RemoveAsync(client, topics, offered, cancellationToken).ConfigureAwait(false);
        await ModelBroker.DisconnectAsync(client, cancellationToken).ConfigureAwait(false);
        return new UnpublishResult(request.Name, request.Version, offered.ChunkCount, selecting);
    }
}
