using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>
/// One camera: capture + preprocess (the camera's own thread) -> bounded input queue -> infer + decode (the shared
/// <see cref="ModelHost"/>) -> bounded output queue -> sinks. Live sources drop the oldest queued frame when inference
/// falls behind; files wait, so every frame is processed exactly once. Everything dropped is counted and logged.
/// </summary>
public sealed class CameraPipeline : IAsyncDisposable
{
    private readonly CameraOptions _options;
    private readonly IFrameSource _source;
    private readonly FramePool _pool;
    private readonly CameraLane _lane;
    private readonly CaptureLoop _capture;
    private readonly SinkSet _sinks = new();
    private readonly LatestFrame _latest = new();
    private readonly SourceStatus _status;
    private readonly CameraCounterSet _counters = new();
    private readonly DropReporter _drops;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _sinkCancellation = new();
    private readonly OutputStage _output;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _dropOldest;
    private int _started;
    private int _stopRequested;
    private int _disposed;

    private CameraPipeline(CameraOptions options, ModelHost host, IFrameSource source, ILogger logger, TimeProvider time)
    {
        _options = options;
        _source = source;
        _logger = logger;
        Host = host;
        var tags = new CameraTags(options.Name);
        _dropOldest = options.Source.Backpressure switch
        {
            BackpressureMode.DropOldest => true,
            BackpressureMode.Wait => false,
            _ => source.IsLive,
        };
        _pool = new FramePool(options.InputQueueCapacity + options.OutputQueueCapacity + 4);
        _status = new SourceStatus(source.Description, tags, logger, time);
        _status.Changed += health => HealthChanged?.Invoke(this, health);
        _drops = new DropReporter(tags, logger, time);
        _lane = new CameraLane(options, source.Description, _dropOldest, host, _pool, tags, _counters, _drops, _latest, logger, time);
        _capture = new CaptureLoop(source, options.Source, _pool, _lane, _status, tags, logger, time);
        _output = new OutputStage(_lane, _sinks, _pool, _counters, logger, time);
    }

    /// <summary>Raised (on the camera's capture thread or a timer) when the source changes state.</summary>
    public event EventHandler<SourceHealth>? HealthChanged;

    public string Name => _options.Name;

    /// <summary>The source as logs show it (no credentials).</summary>
    public string Source => _source.Description;

    public ModelHost Host { get; }

    public SourceHealth Health => _status.Snapshot();

    /// <summary>The id the next captured frame gets: results of frames from here on were captured after this call.</summary>
    public long NextFrameId => _capture.Captured;

    /// <summary>Infers the next captured frame even where the camera would skip it (a trigger asked for it).</summary>
    public void InferNextFrame() => _lane.RequestInference();

    /// <summary>The capture thread's sign of life (see <see cref="CaptureLoop.StallAfter"/>).</summary>
    public LoopPulse CapturePulse => _capture.Pulse;

    public CameraCounters Counters => _counters.Snapshot(_capture.Captured, _capture.Decoded, _capture.Unreadable);

    /// <summary>Completes when the camera has finished: its file ended, its source failed for good, or it was stopped.</summary>
    public Task Completion => _finished.Task;

    /// <summary>
    /// Creates a camera on <paramref name="host"/>, not yet started: subscribe sinks and health handlers, then
    /// <see cref="Start"/>. The source comes from <see cref="CameraOptions.Source"/> unless one is given (the hardware
    /// seam: tests and custom drivers pass their own).
    /// </summary>
    public static CameraPipeline Create(CameraOptions options, ModelHost host, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IFrameSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DeepSeek.Edge.Pipelines.Camera");
        source ??= FrameSourceFactory.Create(options.Source, time, logger, options.Name);
        return new CameraPipeline(options, host, source, logger, time);
    }

    /// <summary>Attaches to the host and starts capture. Once only.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopRequested) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException($"camera {Name} is already started");
        Host.Attach(_lane);
        CameraRegistry.Add(_status);
        PipelineLog.CameraStarted(_logger, Name, _source.Description, Host.Name, _dropOldest ? "drop oldest" : "wait");
        _capture.Start();
        _ = RunToEndAsync(Task.Run(() => _output.RunAsync(_sinkCancellation.Token)));
    }

    /// <summary>Adds a sink; dispose the returned handle to remove it. <paramref name="name"/> tags its errors.</summary>
    public IDisposable Subscribe(IResultSink sink, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return _sinks.Add(sink, name ?? sink.GetType().Name);
    }

    /// <summary>The latest processed frame with its results drawn on it, as JPEG; null before the first result.</summary>
    public AnnotatedSnapshot? GetLatestJpeg(int? quality = null) => _latest.Snapshot(quality ?? _options.JpegQuality);

    /// <summary>Stops capture, drops (and counts) what is still queued, lets the sinks finish, and detaches from the host.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0)
        {
            if (Volatile.Read(ref _started) != 0) await Completion.ConfigureAwait(false);
            return;
        }

        if (Volatile.Read(ref _started) == 0)
        {
            _status.Set(SourceState.Stopped);
            _finished.TrySetResult();
            return;
        }

        var timeout = _options.StopTimeout;
        _lane.Discarding = true;
        _capture.Stop();
        if (!await Finishes(_capture.Finished, timeout).ConfigureAwait(false))
        {
            PipelineLog.CaptureThreadStuck(_logger, Name, timeout.TotalSeconds);
            _lane.Complete();
        }

        _status.Set(SourceState.Stopped);
        Host.Signal();
        if (!await Finishes(_lane.Drained, timeout).ConfigureAwait(false)) _lane.Abandon();
        if (!await Finishes(Completion, timeout).ConfigureAwait(false))
        {
            PipelineLog.SinksStuck(_logger, Name, timeout.TotalSeconds);
            await _sinkCancellation.CancelAsync().ConfigureAwait(false);
            await Finishes(Completion, timeout).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopAsync().ConfigureAwait(false);
        if (_latest.Take() is { } held) _pool.Return(held);
        CameraRegistry.Remove(_status);
        _pool.Dispose();
        if (_capture.Finished.IsCompleted || Volatile.Read(ref _started) == 0)
        {
            _capture.Dispose();
            _source.Dispose();
        }

        _sinkCancellation.Dispose();
    }

    private static async Task<bool> Finishes(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task RunToEndAsync(Task output)
    {
        try
        {
            await output.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PipelineLog.OutputFailed(_logger, ex, Name);
        }
        finally
        {
            Host.Detach(_lane);
            _drops.Flush();
            var c = Counters;
            PipelineLog.CameraFinished(_logger, Name, c.Captured, c.Processed, c.Delivered, c.Dropped, c.Skipped, c.Unreadable);
            _finished.TrySetResult();
        }
    }
}
