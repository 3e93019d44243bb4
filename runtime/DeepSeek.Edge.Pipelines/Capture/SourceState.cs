namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>The health of a camera's source.</summary>
public enum SourceState
{
    /// <summary>Opening for the first time.</summary>
    Starting,

    /// <summary>Frames are arriving.</summary>
    Streaming,

    /// <summary>A read has waited longer than the stall timeout; the source is about to be reopened.</summary>
    Stalled,

    /// <summary>The source failed or stalled and is being reopened, with backoff.</summary>
    Reconnecting,

    /// <summary>The source cannot be used (permanent error, or reopen attempts exhausted); the camera has stopped.</summary>
    Failed,

    /// <summary>A file source reached its end.</summary>
    Ended,

    /// <summary>The camera was stopped.</summary>
    Stopped,
}
