using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The retained <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c> document (<c>deepseek-edge/model-state/v1</c>): the latest
/// update state of each camera (downloading with bytes/total, verifying, staged, activating, active, failed with reason) and,
/// under <c>desired_state</c>, what became of the desired-state documents: the most recent rejection while the latest document
/// on any of the device's desired-state topics is rejected, else the most recent accepted document.
/// </summary>
internal sealed class ModelStateReport
{
    private readonly Dictionary<string, CameraUpdateState> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredStateVerdict> _documents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public byte[] Set(string device, DateTimeOffset ts, CameraUpdateState state)
    {
        lock (_lock)
        {
            _cameras[state.Camera] = state;
            return Render(device, ts);
        }
    }

    public byte[] Set(string device, DateTimeOffset ts, DesiredStateVerdict verdict)
    {
        lock (_lock)
        {
            _documents[verdict.Topic] = verdict;
            return Render(device, ts);
        }
    }

    /// <summary>The latest update state of each camera that had one.</summary>
    public IReadOnlyList<CameraUpdateState> Cameras()
    {
        lock (_lock) return [.. _cameras.Values];
    }

    private byte[] Render(string device, DateTimeOffset ts)
    {
        // The cameras' update progress first: it is what a person watching the topic looks for.
        var cameras = _cameras.Values.OrderBy(c => c.Camera, StringComparer.Ordinal).ToDictionary(
            c => c.Camera,
            c => new CameraUpdate(c.Model, c.Version, c.State) { Bytes = c.Bytes, Total = c.Total, Reason = c.Reason, DesiredVersion = c.DesiredVersion },
            StringComparer.Ordinal);
        var shown = Shown() is { } v
            ? new DesiredStateOutcome(v.State, v.Topic, v.ReceivedAt) { Version = v.Version, Reason = Clip(v.Reason) }
            : null;
        return ProtocolJson.Write(new ModelStateDocument(device, ts, cameras) { DesiredState = shown });
    }

    private static string? Clip(string? reason) =>
        reason is null || reason.Length <= DesiredStateVerdict.MaxReasonLength ? reason : reason[..DesiredStateVerdict.MaxReasonLength] + "…";

    private DesiredStateVerdict? Shown() =>
        _documents.Values.Where(v => v.State == DesiredStateVerdict.Rejected).MaxBy(v => v.ReceivedAt) ?? _documents.Values.MaxBy(v => v.ReceivedAt);
}
