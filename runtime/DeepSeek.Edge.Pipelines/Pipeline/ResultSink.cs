using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>Sinks from delegates.</summary>
public static class ResultSink
{
    /// <summary>A sink that runs <paramref name="action"/> on every result, synchronously.</summary>
    public static IResultSink From(Action<PipelineResult, Mat> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new DelegateSink(action);
    }

    private sealed class DelegateSink(Action<PipelineResult, Mat> action) : IResultSink
    {
        public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
        {
            action(result, frame);
            return ValueTask.CompletedTask;
        }
    }
}
