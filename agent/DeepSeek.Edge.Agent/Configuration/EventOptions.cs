namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>When a camera publishes a detection event (rate limiting and de-duplication).</summary>
public sealed class EventOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Only these labels raise events; empty means every label.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>Minimum score for an event (after the model's own threshold).</summary>
    public float MinScore { get; set; }

    /// <summary>At most one event per label per camera in this interval, however many frames see it.</summary>
    public int MinIntervalMs { get; set; } = 2000;

    /// <summary>A label counts as appearing again only after it was absent this long.</summary>
    public int AbsentResetMs { get; set; } = 1000;

    /// <summary>Attach a JPEG snapshot (base64) of the annotated frame.</summary>
    public bool Snapshot { get; set; }
}
