using DeepSeek.Edge.Pipelines.Frames;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Telemetry;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>The worker thread of a model host: round-robin over the cameras, one frame at a time, and the actions between frames.</summary>
public sealed partial class ModelHost
{
    /// <summary>The longest one frame (preprocess, inference, decode) may take before the worker counts as stuck.</summary>
    public static readonly TimeSpan WorkerStallAfter = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan IdleBeat = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The worker: reset the wake-up, look at every lane once (round-robin from a rotating start), and sleep only when
    /// a whole round found nothing. A frame queued after the reset sets the wake-up again, so none is missed.
    /// </summary>
    private void Run()
    {
        var start = 0;
        try
        {
            while (!Volatile.Read(ref _stopping))
            {
                Pulse.Beat();
                _wake.Reset();
                RunActions();
                var lanes = Volatile.Read(ref _lanes);
                var worked = false;
                for (var i = 0; i < lanes.Length; i++)
                {
                    var lane = lanes[(start + i) % lanes.Length];
                    if (lane.TryTake(out var frame))
                    {
                        if (!_actions.IsEmpty) RunActions();
                        Process(lane, frame);
                        worked = true;
                    }
                    else if (lane.InputDone)
                    {
                        lane.MarkDrained();
                    }
                }

                if (lanes.Length > 0) start = (start + 1) % lanes.Length;
                if (worked || Volatile.Read(ref _stopping)) continue;
                _wake.Wait(IdleBeat);
            }
        }
        finally
        {
            lock (_actionsGate) _stopping = true;
            Pulse.End();
            AbandonActions();
            _workerExited.TrySetResult();
        }
    }

    private void Process(CameraLane lane, Frame frame)
    {
        var taken = _time.GetTimestamp();
        if (lane.Discarding)
        {
            lane.Drop(frame, DropReasons.Stopped);
            return;
        }

        var model = _active;
        var stage = PipelineStages.Preprocess;
        try
        {
            if (!InputSpecs.Same(frame.PreparedFor, model.Spec))
            {
                frame.Prepare(model.Spec, lane.Roi);
                frame.PreprocessMs += _time.GetElapsedTime(taken).TotalMilliseconds;
            }

            stage = PipelineStages.Inference;
            var t0 = _time.GetTimestamp();
            model.Feed(frame);
            model.Engine.Run();
            var t1 = _time.GetTimestamp();
            stage = PipelineStages.Decode;
            var output = model.Decode(_thresholds, frame.Transform);
            var t2 = _time.GetTimestamp();
            lane.Deliver(frame, model.Identity, output, taken, _time.GetElapsedTime(t0, t1).TotalMilliseconds, _time.GetElapsedTime(t1, t2).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var errors = Interlocked.Increment(ref _frameErrors);
            if (errors == 1 || errors % 100 == 0) PipelineLog.FrameFailed(_logger, ex, lane.Camera, frame.Id, stage, model.Identity.Id);
            lane.Drop(frame, stage == PipelineStages.Preprocess ? DropReasons.PreprocessError : DropReasons.InferenceError);
        }
    }

    private void RunActions()
    {
        while (_actions.TryDequeue(out var action)) action.Run();
    }

    private void AbandonActions()
    {
        while (_actions.TryDequeue(out var action)) action.Abandon();
    }

    private void Enqueue(PendingAction action)
    {
        lock (_actionsGate)
        {
            if (_stopping)
            {
                action.Abandon();
                return;
            }

            _actions.Enqueue(action);
        }

        _wake.Set();
    }
}
