using System.Collections.Concurrent;
using DeepSeek.Edge.Pipelines.Pipeline;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>Counts a camera's results and detections per model version (<c>name@version</c>), for the update health window.</summary>
internal sealed class ModelOutputCounter : IResultSink
{
    private readonly ConcurrentDictionary<string, Counts> _byModel = new(StringComparer.Ordinal);

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        var counts = _byModel.GetOrAdd(Key(result.Model.Name, result.Model.Version), _ => new Counts());
        Interlocked.Increment(ref counts.Frames);
        Interlocked.Add(ref counts.Detections, result.Output.Detections.Count);
        return ValueTask.CompletedTask;
    }

    /// <summary>Results and detections delivered so far for one model version.</summary>
    public (long Frames, long Detections) Of(string name, string version) =>
        _byModel.TryGetValue(Key(name, version), out var c) ? (Interlocked.Read(ref c.Frames), Interlocked.Read(ref c.Detections)) : (0, 0);

    private static string Key(string name, string version) => name + "@" + version;

    private sealed class Counts
    {
        public long Frames;
        public long Detections;
    }
}
