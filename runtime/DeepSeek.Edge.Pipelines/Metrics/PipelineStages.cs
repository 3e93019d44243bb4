namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>Stage names, as the <c>stage</c> tag of <c>dsedge.pipeline.stage.duration</c> spells them.</summary>
public static class PipelineStages
{
    /// <summary>Reading (decoding) the frame from the source.</summary>
    public const string Capture = "capture";

    /// <summary>Waiting in the camera's input queue for the model host.</summary>
    public const string Queue = "queue";

    public const string Preprocess = "preprocess";
    public const string Inference = "inference";
    public const string Decode = "decode";

    /// <summary>Every sink of the camera, one after the other.</summary>
    public const string Sinks = "sinks";

    internal static readonly string[] All = [Capture, Queue, Preprocess, Inference, Decode, Sinks];
}
