using DeepSeek.Edge.Pipelines.Pipeline;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>A sink that keeps every result it is given, in order.</summary>
internal sealed class ResultCollector : IResultSink
{
    private readonly List<PipelineResult> _results = [];

    public int Count
    {
        get
        {
            lock (_results) return _results.Count;
        }
    }

    public IReadOnlyList<PipelineResult> Results
    {
        get
        {
            lock (_results) return _results.ToArray();
        }
    }

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        Assert.False(frame.Empty());
        lock (_results) _results.Add(result);
        return ValueTask.CompletedTask;
    }
}
