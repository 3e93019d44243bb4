namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>What a camera does when inference falls behind its source.</summary>
public enum BackpressureMode
{
    /// <summary>Live sources drop the oldest queued frame; files wait, so every frame is processed exactly once.</summary>
    Auto,

    /// <summary>Keep the newest frames: the oldest queued frame is dropped (and counted).</summary>
    DropOldest,

    /// <summary>Never drop: capture waits for a free frame.</summary>
    Wait,
}
