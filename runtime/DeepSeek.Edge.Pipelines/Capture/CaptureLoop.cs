using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;
using OpenCvSharp;
using Polly;

namespace DeepSeek.Edge.Pipelines.Capture;

/// <summary>
/// One camera's capture thread: opens the source (through the reconnect pipeline), reads frames into pooled frames and
/// hands them on. A live source that fails, or stalls (a read waits longer than the stall timeout, see
/// <see cref="StallWatchdog"/>), is closed and reopened with backoff; a file ends, or fails for good. Nothing here
/// touches another camera.
/// </summary>
internal sealed class CaptureLoop : IDisposable
{
    private readonly IFrameSource _source;
    private readonly SourceOptions _options;
    private readonly FramePool _pool;
    private readonly IFrameTarget _target;
    private readonly SourceStatus _status;
    private readonly CameraTags _tags;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _reopen;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _sessionGate = new();
    private readonly StallWatchdog? _watchdog;
    private CancellationTokenSource? _session;
    private long _nextId;
    private long _unreadable;
    private long _decoded;
    private bool _readFailedForGood;

    public CaptureLoop(IFrameSource source, SourceOptions options, FramePool pool, IFrameTarget target, SourceStatus status, CameraTags tags, ILogger logger, TimeProvider time)
    {
        _source = source;
        _options = options;
        _pool = pool;
        _target = target;
        _status = status;
        _tags = tags;
        _logger = logger;
        _time = time;
        _reopen = ReconnectPipeline.Create(options, status, logger, time);
        Pulse = new LoopPulse($"camera {tags.Name} capture", StallAfter(options), time);
        if (source.IsLive) _watchdog = new StallWatchdog(options.StallTimeout, status, logger, time, CancelSession);
    }

    /// <summary>Completes when the capture thread has exited (source ended, failed for good, or stopped).</summary>
    public Task Finished => _finished.Task;

    public long Captured => Interlocked.Read(ref _nextId);

    /// <summary>Frames read into pixels; the other captured frames were passed over undecoded because the camera would not infer them.</summary>
    public long Decoded => Interlocked.Read(ref _decoded);

    /// <summary>Items of the source that could not be decoded and were skipped.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>The capture thread's sign of life: a beat per frame read and per open attempt.</summary>
    public LoopPulse Pulse { get; }

    /// <summary>
    /// The longest the thread may go without a beat: an open attempt (<see cref="SourceOptions.OpenTimeout"/>), its first read
    /// (<see cref="SourceOptions.StallTimeout"/>, after which the read is aborted) and the pause before the next attempt
    /// (<see cref="SourceOptions.ReconnectMaxDelay"/>), plus a margin. Longer means a call into the source did not return.
    /// </summary>
    public static TimeSpan StallAfter(SourceOptions options) =>
        options.OpenTimeout + options.StallTimeout + options.ReconnectMaxDelay + TimeSpan.FromSeconds(10);

    public void Start()
    {
        _watchdog?.Start();
        new Thread(Run) { IsBackground = true, Name = $"capture {_tags.Name}" }.Start();
    }

    /// <summary>Asks the thread to stop (it exits after the read in progress; see <see cref="Finished"/>).</summary>
    public void Stop()
    {
        _stop.Cancel();
        CancelSession();
    }

    public void Dispose()
    {
        _watchdog?.Dispose();
        _stop.Dispose();
        lock (_sessionGate) _session?.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                Frame? first;
                try
                {
                    first = Connect();
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    break;
                }
                catch (FrameSourceException ex)
                {
                    Fail(ex.Message);
                    break;
                }

                if (first is null)
                {
                    End();
                    break;
                }

                _status.Set(SourceState.Streaming);
                var (outcome, reason) = Stream(first);
                _source.Close();
                if (outcome == CaptureOutcome.Stopped) break;
                if (outcome == CaptureOutcome.EndOfStream)
                {
                    End();
                    break;
                }

                if (!_source.IsLive || _readFailedForGood)
                {
                    Fail(reason ?? "the file could not be read to its end");
                    break;
                }

                PipelineLog.SourceReadFailed(_logger, _tags.Name, reason ?? "read failed");
                _status.CountReconnect();
                _status.Set(SourceState.Reconnecting, reason);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail($"capture stopped on an unexpected error: {ex.Message}");
        }
        finally
        {
            _source.Close();
            _watchdog?.Dispose();
            Pulse.End();
            _target.Complete();
            _finished.TrySetResult();
        }
    }

    /// <summary>Opens the source and reads its first frame, retried by the reopen pipeline; null at once at the end of a file.</summary>
    private Frame? Connect()
    {
        var context = ResilienceContextPool.Shared.Get(_stop.Token);
        try
        {
            return _reopen.Execute(static (ctx, self) => self.TryConnect(ctx.CancellationToken), context, this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Frame? TryConnect(CancellationToken cancellationToken)
    {
        var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_sessionGate)
        {
            _session?.Dispose();
            _session = session;
        }

        try
        {
            Pulse.Beat();
            var info = _source.Open(session.Token);
            Pulse.Beat();
            PipelineLog.SourceOpened(_logger, _tags.Name, _source.Description, info.Backend, info.Width, info.Height, info.Fps);
            var (first, outcome, reason) = ReadOne(session.Token);
            switch (outcome)
            {
                case CaptureOutcome.Frame:
                    return first;
                case CaptureOutcome.EndOfStream when !_source.IsLive:
                    _source.Close();
                    return null;
                case CaptureOutcome.Stopped:
                    _source.Close();
                    throw new OperationCanceledException(_stop.Token);
                default:
                    _source.Close();
                    throw new FrameSourceException(_source.Description, reason ?? "opened but delivered no frame", transient: _source.IsLive && !_readFailedForGood);
            }
        }
        catch
        {
            _source.Close();
            throw;
        }
    }

    private (CaptureOutcome Outcome, string? Reason) Stream(Frame first)
    {
        Hand(first);
        var token = CurrentSessionToken();
        while (true)
        {
            var (frame, outcome, reason) = ReadOne(token);
            if (frame is null) return (outcome, reason);
            Hand(frame);
        }
    }

    private void Hand(Frame frame)
    {
        if (frame.Passed) _target.Skip(frame);
        else _target.Publish(frame);
    }

    private (Frame? Frame, CaptureOutcome Outcome, string? Reason) ReadOne(CancellationToken session)
    {
        var frame = _pool.Rent(_stop.Token);
        if (frame is null) return (null, CaptureOutcome.Stopped, null);
        var start = _time.GetTimestamp();
        _watchdog?.ReadStarted(start);
        frame.Passed = !_target.Wants(Interlocked.Read(ref _nextId));
        CaptureOutcome outcome;
        string? reason = null;
        try
        {
            outcome = ReadSkippingUnreadable(frame, session) ? CaptureOutcome.Frame : CaptureOutcome.EndOfStream;
            if (outcome == CaptureOutcome.Frame && session.IsCancellationRequested) outcome = Cancelled();
        }
        catch (OperationCanceledException)
        {
            outcome = Cancelled();
        }
        catch (FrameSourceException ex)
        {
            (outcome, reason) = (CaptureOutcome.Failed, ex.Message);
            _readFailedForGood = !ex.Transient;
        }
        catch (OpenCVException ex)
        {
            (outcome, reason) = (CaptureOutcome.Failed, $"source {_source.Description}: read failed: {ex.Message}");
        }
        finally
        {
            _watchdog?.ReadEnded();
            Pulse.Beat();
        }

        if (outcome != CaptureOutcome.Frame)
        {
            _pool.Return(frame);
            if (outcome == CaptureOutcome.Stalled) reason = $"no frame for {_options.StallTimeout.TotalSeconds:0.0} s";
            return (null, outcome, reason);
        }

        var end = _time.GetTimestamp();
        frame.Id = Interlocked.Increment(ref _nextId) - 1;
        frame.Timestamp = _time.GetUtcNow();
        frame.ReadStarted = start;
        frame.CaptureMs = _time.GetElapsedTime(start, end).TotalMilliseconds;
        PipelineMetrics.FramesCaptured.Add(1, _tags.Camera.AsSpan());
        if (!frame.Passed)
        {
            Interlocked.Increment(ref _decoded);
            PipelineMetrics.FramesDecoded.Add(1, _tags.Camera.AsSpan());
        }

        return (frame, CaptureOutcome.Frame, null);
    }

    /// <summary>
    /// Reads the next frame (or, for a frame the target will not infer, passes over it undecoded), passing over items the
    /// source cannot decode: each is counted and logged by name.
    /// </summary>
    private bool ReadSkippingUnreadable(Frame frame, CancellationToken session)
    {
        while (true)
        {
            try
            {
                return frame.Passed ? _source.Pass(frame.Image, session) : _source.Read(frame.Image, session);
            }
            catch (UnreadableFrameException ex)
            {
                var count = Interlocked.Increment(ref _unreadable);
                PipelineMetrics.Unreadable.Add(1, _tags.Camera.AsSpan());
                PipelineLog.FrameUnreadable(_logger, _tags.Name, ex.Item, count, ex.Message);
                Pulse.Beat();
            }
        }
    }

    private CaptureOutcome Cancelled() => _stop.IsCancellationRequested ? CaptureOutcome.Stopped : CaptureOutcome.Stalled;

    private CancellationToken CurrentSessionToken()
    {
        lock (_sessionGate) return _session?.Token ?? _stop.Token;
    }

    private void CancelSession()
    {
        lock (_sessionGate)
        {
            try
            {
                _session?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the session ended while the watchdog looked at it
            }
        }
    }

    private void Fail(string reason)
    {
        PipelineLog.SourceFailed(_logger, _tags.Name, reason);
        _status.Set(SourceState.Failed, reason);
    }

    private void End()
    {
        PipelineLog.SourceEnded(_logger, _tags.Name, _source.Description, Captured);
        _status.Set(SourceState.Ended);
    }
}
