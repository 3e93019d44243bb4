using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents.Local;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>
/// A camera's stage timings over its latest <see cref="Capacity"/> inferred frames, summarised as p50 and p95 for the status
/// page (the <c>dsedge_pipeline_stage_duration_seconds</c> histogram has them since start, for Prometheus).
/// </summary>
internal sealed class StageLatencyWindow : IResultSink
{
    public const int Capacity = 256;

    /// <summary>The stages in pipeline order, as <c>dsedge.pipeline.stage.duration</c> names them, and <c>total</c> (read to result).</summary>
    public static readonly string[] Stages =
        [PipelineStages.Capture, PipelineStages.Queue, PipelineStages.Preprocess, PipelineStages.Inference, PipelineStages.Decode, "total"];

    private readonly PipelineTimings[] _ring = new PipelineTimings[Capacity];
    private readonly Lock _gate = new();
    private int _next;

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate) _ring[_next++ % Capacity] = result.Timings;
        return ValueTask.CompletedTask;
    }

    /// <summary>p50 and p95 of each stage over the frames in the window; empty before the first inferred frame.</summary>
    public IReadOnlyList<StageLatency> Summary()
    {
        PipelineTimings[] window;
        lock (_gate) window = _ring[..Math.Min(_next, Capacity)];
        if (window.Length == 0) return [];
        return
        [
            Of(Stages[0], window, t => t.CaptureMs), Of(Stages[1], window, t => t.QueueMs), Of(Stages[2], window, t => t.PreprocessMs),
            Of(Stages[3], window, t => t.InferenceMs), Of(Stages[4], window, t => t.DecodeMs), Of(Stages[5], window, t => t.LatencyMs),
        ];
    }

    private static StageLatency Of(string stage, PipelineTimings[] window, Func<PipelineTimings, double> value)
    {
        var stats = new LatencyStats();
        foreach (var t in window) stats.Add(value(t));
        return new StageLatency(stage, stats.Count, Round(stats.Percentile(50)), Round(stats.Percentile(95)));
    }

    private static double Round(double ms) => Math.Round(Math.Max(ms, 0), 3);
}
