using DeepSeek.Edge.Protocol.Documents;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The desired-state documents the device follows, the latest good one per topic. A document that does not parse or breaks a
/// rule is refused whole (logged, counted; the topic's previous document stays in force) and a redelivery of the same payload
/// is ignored. Each received document yields the verdict to report under <c>desired_state</c> on models/state, when there is
/// news: every rejection; an accepted document when it is new (see <see cref="FailedUpdates.DocumentSeen"/>) or follows a rejection.
/// </summary>
internal sealed class DesiredStateInbox
{
    private readonly ConcurrentDictionary<string, DesiredStateDocument> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _payloads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _rejected = new(StringComparer.Ordinal);
    private readonly FailedUpdates _failed;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public DesiredStateInbox(FailedUpdates failed, ILogger logger, TimeProvider time)
    {
        _failed = failed;
        _logger = logger;
        _time = time;
    }

    /// <summary>The latest good document on <paramref name="topic"/>, if any.</summary>
    public DesiredStateDocument? Document(string topic) => _documents.GetValueOrDefault(topic);

    /// <summary>Takes or refuses one message; <c>Taken</c> when the topic's document changed, <c>Report</c> when there is news to report.</summary>
    public (bool Taken, DesiredStateVerdict? Report) Receive(string topic, ReadOnlyMemory<byte> payload)
    {
        if (_payloads.TryGetValue(topic, out var known) && known.AsSpan().SequenceEqual(payload.Span)) return (false, null); // a redelivery
        _payloads[topic] = payload.ToArray();
        DesiredStateDocument document;
        try
        {
            document = DesiredStateDocument.Parse(payload.Span);
        }
        catch (FormatException ex)
        {
            _rejected[topic] = true;
            OtaMetrics.DesiredStateRejected.Add(1);
            OtaLog.BadDesiredState(_logger, topic, ex.Message);
            return (false, new DesiredStateVerdict(topic, DesiredStateVerdict.Rejected, _time.GetUtcNow(), Reason: ex.Message));
        }

        var followsRejection = _rejected.TryRemove(topic, out _);
        _documents[topic] = document;
        var isNew = _failed.DocumentSeen(topic, document.Version);
        if (isNew) OtaLog.NewDesiredState(_logger, topic, document.Version ?? "(none)");
        // A document already taken before a restart is not news: the retained report keeps what it said.
        return (true, isNew || followsRejection ? new DesiredStateVerdict(topic, DesiredStateVerdict.Accepted, _time.GetUtcNow(), Version: document.Version) : null);
    }
}
