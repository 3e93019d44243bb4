using DeepSeek.Edge.Distribution;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Protocol.Topics;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// Reads every retained offer of one model and every retained desired-state document, decides with <see cref="GcPlan"/>, and
/// (unless it is a dry run) removes each version not kept, as <c>ds-edge model unpublish</c> does: offer first, then chunks.
/// </summary>
internal sealed class GcClient
{
    private readonly TextWriter _diagnostics;

    public GcClient(TextWriter diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        _diagnostics = diagnostics;
    }

    /// <summary>The decisions, newest first; <paramref name="decided"/> is called for each once it has been carried out.</summary>
    public async Task<IReadOnlyList<GcDecision>> CollectAsync(GcRequest request, Action<GcDecision> decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decided);
        if (request.Keep < 0) throw new ArgumentException($"--keep {request.Keep} is negative; give how many of the newest versions to keep (0 or more)");
        var topics = new MqttTopics(request.Prefix, "publisher");
        using var client = await ModelBroker.ConnectAsync(request.Host, request.Port, "gc", cancellationToken).ConfigureAwait(false);
        var retained = await RetainedSnapshot.ReadAsync(client, [topics.ModelManifestsFilter(request.Name), .. topics.AllDesiredStateFilters], cancellationToken).ConfigureAwait(false);
        var offered = OfferedVersion.From(retained).Where(o => o.Name == request.Name).ToArray();
        if (offered.Length > 0 && !offered.All(o => ModelVersionOrder.IsDottedNumeric(o.Version)))
            await _diagnostics.WriteLineAsync($"note: not every version of {request.Name} is dotted numeric, so versions are ordered as ordinal strings").ConfigureAwait(false);

        var decisions = GcPlan.Decide(offered, DesiredSelections.From(retained, _diagnostics), request.Keep);
        foreach (var decision in decisions)
        {
            if (!decision.Keep && !request.DryRun)
                await VersionRemover.RemoveAsync(client, topics, decision.Offered, cancellationToken).ConfigureAwait(false);
            decided(decision);
        }

        await ModelBroker.DisconnectAsync(client, cancellationToken).ConfigureAwait(false);
        return decisions;
    }
}
