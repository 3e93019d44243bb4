namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>Why a frame was dropped, as the <c>reason</c> tag of <c>dsedge.camera.frames.dropped</c> spells it.</summary>
public static class DropReasons
{
    /// <summary>A live camera's input queue was full (inference behind): the oldest queued frame made room.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>A live camera's sinks fell behind: the oldest result waiting for them made room.</summary>
    public const string SinksBehind = "sinks_behind";

    /// <summary>Queued when the camera was stopped.</summary>
    public const string Stopped = "stopped";

    public const string PreprocessError = "preprocess_error";
    public const string InferenceError = "inference_error";

    internal static readonly string[] All = [QueueFull, SinksBehind, Stopped, PreprocessError, InferenceError];

    internal static int IndexOf(string reason) => Array.IndexOf(All, reason);
}
