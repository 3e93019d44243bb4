using System.Threading.Channels;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>
/// A camera as its model host sees it: the bounded input queue that the capture thread fills with preprocessed frames
/// (drop-oldest for live sources, never full for files because the frame pool holds capture back), and the bounded
/// output queue the host fills with results for the camera's sinks.
/// </summary>
internal sealed class CameraLane : IFrameTarget
{
    private readonly Channel<Frame> _input;
    private readonly Channel<OutputItem> _output;
    private readonly ModelHost _host;
    private readonly FramePool _pool;
    private readonly CameraTags _tags;
    private readonly CameraCounterSet _counters;
    private readonly DropReporter _drops;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _everyNth;
    private readonly bool _onRequestOnly;
    private int _requested;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _drainedFlag;
    private int _preprocessErrorLogged;
    private volatile bool _discarding;

    public CameraLane(CameraOptions options, string source, bool dropOldest, ModelHost host, FramePool pool, CameraTags tags,
        CameraCounterSet counters, DropReporter drops, LatestFrame latest, ILogger logger, TimeProvider time)
    {
        Camera = options.Name;
        Source = source;
        Roi = options.RegionOfInterest;
        Latest = latest;
        _host = host;
        _pool = pool;
        _tags = tags;
        _counters = counters;
        _drops = drops;
        _logger = logger;
        _time = time;
        _everyNth = options.InferEveryNth;
        _onRequestOnly = options.InferOnRequestOnly;
        _input = dropOldest
            ? Channel.CreateBounded<Frame>(Options(options.InputQueueCapacity, BoundedChannelFullMode.DropOldest), f => Drop(f, DropReasons.QueueFull))
            : Channel.CreateBounded<Frame>(Options(pool.Size, BoundedChannelFullMode.Wait));
        _output = dropOldest
            ? Channel.CreateBounded<OutputItem>(Options(options.OutputQueueCapacity, BoundedChannelFullMode.DropOldest), i => Drop(i.Frame, DropReasons.SinksBehind))
            : Channel.CreateBounded<OutputItem>(Options(pool.Size, BoundedChannelFullMode.Wait));
    }

    public string Camera { get; }
    public string Source { get; }
    public Rect? Roi { get; }
    public LatestFrame Latest { get; }
    public CameraTags Tags => _tags;
    public ChannelReader<OutputItem> Output => _output.Reader;

    /// <summary>Completes once the input is complete and every queued frame has been inferred or dropped.</summary>
    public Task Drained => _drained.Task;

    /// <summary>Stopping: queued frames are dropped (counted as <see cref="DropReasons.Stopped"/>) instead of inferred.</summary>
    public bool Discarding
    {
        get => _discarding;
        set => _discarding = value;
    }

    public bool InputDone => _input.Reader.Completion.IsCompleted;

    /// <summary>The next captured frame is inferred even where <see cref="CameraOptions.InferEveryNth"/> or <see cref="CameraOptions.InferOnRequestOnly"/> would skip it.</summary>
    public void RequestInference() => Volatile.Write(ref _requested, 1);

    /// <inheritdoc/>
    public bool Wants(long frameId)
    {
        if (!_onRequestOnly && (_everyNth <= 1 || frameId % _everyNth == 0)) return true;
        return Volatile.Read(ref _requested) == 1 && Interlocked.Exchange(ref _requested, 0) == 1;
    }

    /// <summary>Capture thread: a frame <see cref="Wants"/> declined, passed over by the source without decoding.</summary>
    public void Skip(Frame frame)
    {
        _counters.Skipped();
        PipelineMetrics.FramesSkipped.Add(1, _tags.Camera.AsSpan());
        _pool.Return(frame);
    }

    /// <summary>
    /// Capture thread: preprocesses for the host's current input and queues the frame. When the queue is empty the
    /// host is waiting for this camera (capture is the slower side), so the frame is queued as it is and the host
    /// preprocesses it: the work goes to whichever side has time.
    /// </summary>
    public void Publish(Frame frame)
    {
        if (_discarding)
        {
            Drop(frame, DropReasons.Stopped);
            return;
        }

        var start = _time.GetTimestamp();
        try
        {
            if (_input.Reader.Count > 0) frame.Prepare(_host.ActiveSpec, Roi);
        }
        catch (Exception ex) when (ex is ArgumentException or OpenCVException)
        {
            if (Interlocked.Exchange(ref _preprocessErrorLogged, 1) == 0)
                PipelineLog.FrameFailed(_logger, ex, Camera, frame.Id, PipelineStages.Preprocess, _host.Current.Id);
            Drop(frame, DropReasons.PreprocessError);
            return;
        }

        var queued = _time.GetTimestamp();
        frame.PreprocessMs = _time.GetElapsedTime(start, queued).TotalMilliseconds;
        frame.Queued = queued;
        if (!_input.Writer.TryWrite(frame))
        {
            Drop(frame, DropReasons.Stopped);
            return;
        }

        _host.Signal();
    }

    /// <summary>No more frames: the host drains what is queued, then completes the output.</summary>
    public void Complete()
    {
        _input.Writer.TryComplete();
        _host.Signal();
    }

    public bool TryTake(out Frame frame) => _input.Reader.TryRead(out frame!);

    /// <summary>Host worker: the result of a frame, on its way to the sinks.</summary>
    public void Deliver(Frame frame, ModelIdentity model, DecodedOutput output, long taken, double inferenceMs, double decodeMs)
    {
        var now = _time.GetTimestamp();
        var timings = new PipelineTimings(
            frame.CaptureMs,
            _time.GetElapsedTime(frame.Queued, taken).TotalMilliseconds,
            frame.PreprocessMs,
            inferenceMs,
            decodeMs,
            _time.GetElapsedTime(frame.ReadStarted, now).TotalMilliseconds);
        var result = new PipelineResult(Camera, Source, frame.Id, frame.Timestamp, model, output, timings, frame.Image.Width, frame.Image.Height);
        _counters.Processed();
        PipelineMetrics.FramesProcessed.Add(1, _tags.Camera.AsSpan());
        PipelineMetrics.Inferences.Add(1, _tags.Inference(model).AsSpan());
        PipelineMetrics.StageDuration.Record(timings.CaptureMs / 1000, _tags.Stage(StageIndex.Capture).AsSpan());
        PipelineMetrics.StageDuration.Record(timings.QueueMs / 1000, _tags.Stage(StageIndex.Queue).AsSpan());
        PipelineMetrics.StageDuration.Record(timings.PreprocessMs / 1000, _tags.Stage(StageIndex.Preprocess).AsSpan());
        PipelineMetrics.StageDuration.Record(inferenceMs / 1000, _tags.Stage(StageIndex.Inference).AsSpan());
        PipelineMetrics.StageDuration.Record(decodeMs / 1000, _tags.Stage(StageIndex.Decode).AsSpan());
        if (!_output.Writer.TryWrite(new OutputItem(frame, result))) Drop(frame, DropReasons.Stopped);
    }

    /// <summary>Drops a frame: counted, reported, back to the pool.</summary>
    public void Drop(Frame frame, string reason)
    {
        _counters.Dropped(reason);
        _drops.Report(reason);
        _pool.Return(frame);
    }

    /// <summary>Host worker: the input is complete and empty.</summary>
    public void MarkDrained()
    {
        if (Interlocked.Exchange(ref _drainedFlag, 1) != 0) return;
        _output.Writer.TryComplete();
        _drained.TrySetResult();
    }

    /// <summary>Drops whatever is still queued (when the host is gone), then completes the output.</summary>
    public void Abandon()
    {
        _input.Writer.TryComplete();
        while (_input.Reader.TryRead(out var frame)) Drop(frame, DropReasons.Stopped);
        MarkDrained();
    }

    private static BoundedChannelOptions Options(int capacity, BoundedChannelFullMode mode) => new(capacity)
    {
        FullMode = mode,
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = false,
    };
}
