using System.Text.Json;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The retained <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c> document (<c>deepseek-edge/model-state/v1</c>): the latest
/// update state of each camera (downloading with bytes/total, verifying, staged, activating, active, failed with reason) and,
/// under <c>desired_state</c>, what became of the desired-state documents: the most recent rejection while the latest document
/// on any of the device's desired-state topics is rejected, else the most recent accepted document.
/// </summary>
internal sealed class ModelStateReport
{
    public const string SchemaV1 = "deepseek-edge/model-state/v1";

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

    private byte[] Render(string device, DateTimeOffset ts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaV1);
            json.WriteString("device", device);
            json.WriteString("ts", ts);
            // The cameras' update progress first: it is what a person watching the topic looks for.
            json.WriteStartObject("cameras");
            foreach (var c in _cameras.Values.OrderBy(c => c.Camera, StringComparer.Ordinal))
            {
                json.WriteStartObject(c.Camera);
                json.WriteString("model", c.Model);
                json.WriteString("version", c.Version);
                json.WriteString("state", c.State);
                if (c.Bytes is { } bytes) json.WriteNumber("bytes", bytes);
                if (c.Total is { } total) json.WriteNumber("total", total);
                if (c.Reason is { } reason) json.WriteString("reason", reason);
                if (c.DesiredVersion is { } desired) json.WriteString("desired_version", desired);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            if (Shown() is { } verdict)
            {
                json.WriteStartObject("desired_state");
                json.WriteString("state", verdict.State);
                json.WriteString("topic", verdict.Topic);
                if (verdict.Version is { } version) json.WriteString("version", version);
                if (verdict.Reason is { } reason) json.WriteString("reason", reason.Length <= DesiredStateVerdict.MaxReasonLength ? reason : reason[..DesiredStateVerdict.MaxReasonLength] + "…");
                json.WriteString("received_at", verdict.ReceivedAt);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private DesiredStateVerdict? Shown() =>
        _documents.Values.Where(v => v.State == DesiredStateVerdict.Rejected).MaxBy(v => v.ReceivedAt) ?? _documents.Values.MaxBy(v => v.ReceivedAt);
}
