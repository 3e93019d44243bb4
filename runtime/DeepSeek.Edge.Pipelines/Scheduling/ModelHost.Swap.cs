using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Swapping;
using DeepSeek.Edge.Pipelines.Telemetry;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>The swap of a model host: load, validate on a real frame, switch between frames.</summary>
public sealed partial class ModelHost
{
    private static readonly TimeSpan FramePoll = TimeSpan.FromMilliseconds(50);

    private async Task<SwapResult> SwapLockedAsync(Models.Store.ModelBundle bundle, CancellationToken cancellationToken)
    {
        var previous = Current;
        var requested = bundle.Manifest.Id;
        PipelineLog.SwapRequested(_logger, Name, previous.Id, requested);

        var start = _time.GetTimestamp();
        LoadedModel candidate;
        try
        {
            candidate = await Task.Run(() => LoadedModel.Load(bundle, _options.Inference, _logger), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(previous, requested, SwapStage.Load, ex.Message, _time.GetElapsedTime(start), TimeSpan.Zero, null);
        }

        var loadTime = _time.GetElapsedTime(start);
        var validateStart = _time.GetTimestamp();
        string? validatedOn = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (image, origin) = await ValidationFrameAsync(candidate, cancellationToken).ConfigureAwait(false);
            validatedOn = origin;
            using (image)
            {
                var current = Manifest;
                await Task.Run(() => ModelValidator.Validate(candidate, image, current, _options.AllowTaskChange), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            candidate.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            candidate.Dispose();
            return Failed(previous, requested, SwapStage.Validate, ex.Message, loadTime, _time.GetElapsedTime(validateStart), validatedOn);
        }

        var validationTime = _time.GetElapsedTime(validateStart);
        PipelineLog.SwapValidated(_logger, Name, requested, candidate.Identity.Provider, loadTime.TotalMilliseconds, validatedOn, validationTime.TotalMilliseconds);

        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new PendingAction(
            () =>
            {
                var old = _active;
                Volatile.Write(ref _active, candidate);
                Volatile.Write(ref _thresholds, candidate.Manifest.Thresholds);
                old.Dispose();
                PipelineLog.SwapApplied(_logger, Name, old.Identity.Id, candidate.Identity.Id);
                applied.TrySetResult();
            },
            () =>
            {
                candidate.Dispose();
                applied.TrySetException(new ObjectDisposedException(nameof(ModelHost)));
            }));
        try
        {
            await applied.Task.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return Failed(previous, requested, SwapStage.Apply, $"model host {Name} stopped before the switch", loadTime, validationTime, validatedOn);
        }

        PipelineMetrics.Swaps.Add(1, new("camera", Name), new("result", "applied"));
        return new SwapResult(true, previous, candidate.Identity, requested, null, null, loadTime, validationTime, validatedOn);
    }

    /// <summary>A copy of the latest frame an attached camera processed; a mid-gray frame when no camera is attached.</summary>
    private async Task<(Mat Image, string Origin)> ValidationFrameAsync(LoadedModel candidate, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lanes).Length == 0)
            return (new Mat(candidate.Spec.Height, candidate.Spec.Width, MatType.CV_8UC3, Scalar.All(128)), "a synthetic gray frame (no camera attached)");

        var start = _time.GetTimestamp();
        while (true)
        {
            foreach (var lane in Volatile.Read(ref _lanes))
            {
                if (lane.Latest.Clone() is var (image, result))
                    return (image, $"camera {lane.Camera} frame {result.FrameId}");
            }

            if (_time.GetElapsedTime(start) >= _options.ValidationFrameTimeout)
            {
                throw new ModelValidationException(candidate.Manifest.Id,
                    $"no attached camera delivered a frame within {_options.ValidationFrameTimeout.TotalSeconds:0.#} s to validate on (ModelHostOptions.ValidationFrameTimeout)");
            }

            await Task.Delay(FramePoll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private SwapResult Failed(ModelIdentity previous, string requested, SwapStage stage, string error, TimeSpan load, TimeSpan validation, string? validatedOn)
    {
        var name = stage switch { SwapStage.Load => "failed_load", SwapStage.Validate => "failed_validation", _ => "failed_apply" };
        PipelineMetrics.Swaps.Add(1, new("camera", Name), new("result", name));
        PipelineLog.SwapFailed(_logger, Name, previous.Id, requested, stage.ToString().ToLowerInvariant(), error);
        return new SwapResult(false, previous, Current, requested, stage, error, load, validation, validatedOn);
    }
}
