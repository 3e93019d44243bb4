namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>Indexes of <see cref="PipelineStages.All"/>, for <see cref="CameraTags.Stage"/>.</summary>
internal static class StageIndex
{
    public const int Capture = 0;
    public const int Queue = 1;
    public const int Preprocess = 2;
    public const int Inference = 3;
    public const int Decode = 4;
    public const int Sinks = 5;
}
