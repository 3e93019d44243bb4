using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Documents.Local;

namespace DeepSeek.Edge.Agent.Http;

/// <summary>
/// Puts together <c>/status</c> (<see cref="LocalStatus"/>) from the parts that know each piece: the cameras (model, providers,
/// latencies), the updater (desired model, update progress), the MQTT link, the outbox and the recent warnings and errors.
/// </summary>
public sealed class StatusDetail
{
    private readonly string _device;
    private readonly CameraManager _cameras;
    private readonly ModelUpdater _updater;
    private readonly MqttConnectionSupervisor _link;
    private readonly Outbox.Outbox _outbox;
    private readonly RecentProblems _problems;
    private readonly TimeProvider _time;

    public StatusDetail(string device, CameraManager cameras, ModelUpdater updater, MqttConnectionSupervisor link, Outbox.Outbox outbox, RecentProblems problems, TimeProvider time)
    {
        _device = device;
        _cameras = cameras;
        _updater = updater;
        _link = link;
        _outbox = outbox;
        _problems = problems;
        _time = time;
    }

    public LocalStatus Build()
    {
        var now = _time.GetUtcNow();
        var updates = _updater.UpdateStates().ToDictionary(u => u.Camera, StringComparer.Ordinal);
        var cameras = _cameras.Details().Select(c => c with
        {
            Desired = _updater.DesiredModelOf(c.Name),
            Update = updates.TryGetValue(c.Name, out var u)
                ? new CameraUpdate(u.Model, u.Version, u.State) { Bytes = u.Bytes, Total = u.Total, Reason = SecretRedaction.Redact(u.Reason), DesiredVersion = u.DesiredVersion }
                : null,
        }).ToArray();
        return new LocalStatus(_device, now, _link.Link(), Backlog(now), cameras, _problems.Snapshot());
    }

    private OutboxBacklog Backlog(DateTimeOffset now)
    {
        var lanes = Enum.GetValues<OutboxPriority>().Select(p => new OutboxLane(
            OutboxMetrics.Name(p), _outbox.CountOf(p), _outbox.BytesOf(p), _outbox.Tally.DeliveredOf(p), _outbox.Tally.LostOf(p))
        {
            OldestAgeS = _outbox.OldestEnqueuedAt(p) is { } at ? Math.Round(Math.Max((now - at).TotalSeconds, 0), 1) : null,
        }).ToArray();
        return new OutboxBacklog(lanes.Sum(l => l.Queued), lanes.Sum(l => l.Bytes), _outbox.DroppedMessages, _outbox.DiscardedMessages, _outbox.UnstoredMessages, lanes)
        {
            Degradation = _outbox.Degradation,
        };
    }
}
