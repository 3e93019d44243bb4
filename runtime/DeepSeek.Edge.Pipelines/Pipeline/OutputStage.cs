using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>
/// A camera's last stage: hands each result, in frame order, to every sink, records the sink time and end-to-end
/// latency, keeps the frame as the camera's latest and returns the one it replaces to the pool.
/// </summary>
internal sealed class OutputStage
{
    private readonly CameraLane _lane;
    private readonly SinkSet _sinks;
    private readonly FramePool _pool;
    private readonly CameraCounterSet _counters;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public OutputStage(CameraLane lane, SinkSet sinks, FramePool pool, CameraCounterSet counters, ILogger logger, TimeProvider time)
    {
        _lane = lane;
        _sinks = sinks;
        _pool = pool;
        _counters = counters;
        _logger = logger;
        _time = time;
    }

    /// <summary>Runs until the lane's output is complete and empty.</summary>
    public async Task RunAsync(CancellationToken sinkCancellation)
    {
        var reader = _lane.Output;
        var tags = _lane.Tags;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                var start = _time.GetTimestamp();
                foreach (var subscription in _sinks.Current)
                {
                    try
                    {
                        await subscription.Sink.WriteAsync(item.Result, item.Frame.Image, sinkCancellation).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        var errors = subscription.CountError();
                        PipelineMetrics.SinkErrors.Add(1, new("camera", _lane.Camera), new("sink", subscription.Name));
                        if (IsReportable(errors)) PipelineLog.SinkFailed(_logger, ex, _lane.Camera, subscription.Name, item.Result.FrameId, errors);
                    }
                }

                var end = _time.GetTimestamp();
                PipelineMetrics.StageDuration.Record(_time.GetElapsedTime(start, end).TotalSeconds, tags.Stage(StageIndex.Sinks).AsSpan());
                PipelineMetrics.Latency.Record(_time.GetElapsedTime(item.Frame.ReadStarted, end).TotalSeconds, tags.Camera.AsSpan());
                _counters.Delivered();
                if (_lane.Latest.Replace(item.Frame, item.Result) is { } previous) _pool.Return(previous);
            }
        }
    }

    /// <summary>The first error, then every tenfold count (10, 100, ...), so a broken sink is visible but cannot flood the log.</summary>
    private static bool IsReportable(long errors)
    {
        while (errors % 10 == 0) errors /= 10;
        return errors == 1;
    }
}
