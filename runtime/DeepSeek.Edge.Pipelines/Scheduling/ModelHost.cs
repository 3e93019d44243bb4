using System.Collections.Concurrent;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Swapping;
using DeepSeek.Edge.Pipelines.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>
/// One model engine shared by any number of cameras. A single worker thread serves the cameras round-robin, one frame per
/// camera per round, so a busy camera cannot starve a quiet one; for each frame it feeds the prepared tensor, runs the
/// model and decodes. <see cref="SwapAsync"/> replaces the model without stopping frames: the new model is loaded,
/// warmed up and validated on a real frame off the hot path, then the worker switches between two frames and
/// disposes the old engine (whose last frame is, by then, done).
/// </summary>
public sealed partial class ModelHost : IAsyncDisposable
{
    private readonly ModelHostOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly TaskCompletionSource _workerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<PendingAction> _actions = new();
    private readonly object _actionsGate = new();
    private readonly object _lanesGate = new();
    private readonly SemaphoreSlim _swapGate = new(1, 1);
    private CameraLane[] _lanes = [];
    private LoadedModel _active;
    private Thresholds _thresholds;
    private bool _stopping;
    private int _disposed;
    private long _frameErrors;

    private ModelHost(LoadedModel model, ModelHostOptions options, ILogger logger, TimeProvider time)
    {
        _active = model;
        _thresholds = model.Manifest.Thresholds;
        _options = options;
        _logger = logger;
        _time = time;
        Name = options.Name ?? model.Manifest.Name;
        Pulse = new LoopPulse($"model host {Name}", WorkerStallAfter, time);
        new Thread(Run) { IsBackground = true, Name = $"model host {Name}" }.Start();
        PipelineLog.HostStarted(logger, Name, model.Identity.Id, model.Identity.Provider);
    }

    /// <summary>The host's name in logs and metrics.</summary>
    public string Name { get; }

    /// <summary>The worker's sign of life: a beat per frame and at least one a second while idle.</summary>
    public LoopPulse Pulse { get; }

    /// <summary>The model serving frames now.</summary>
    public ModelIdentity Current => Volatile.Read(ref _active).Identity;

    public ModelManifest Manifest => Volatile.Read(ref _active).Manifest;

    /// <summary>Every execution provider tried for the model serving now, in chain order, with why each unused one could not be used.</summary>
    public IReadOnlyList<Inference.Providers.ProviderAttempt> ProviderAttempts => Volatile.Read(ref _active).Engine.Attempts;

    /// <summary>How the model serving frames now was loaded: precision, provider chain, options handed to ONNX Runtime, node placement.</summary>
    public Inference.Engine.EngineSetup Setup => Volatile.Read(ref _active).Engine.Setup;

    /// <summary>Score and IoU thresholds, applied from the next frame; a swap resets them to the new model's manifest.</summary>
    public Thresholds Thresholds
    {
        get => Volatile.Read(ref _thresholds);
        set => Volatile.Write(ref _thresholds, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Cameras attached now.</summary>
    public int Cameras => Volatile.Read(ref _lanes).Length;

    internal Models.Manifest.InputSpec ActiveSpec => Volatile.Read(ref _active).Spec;

    /// <summary>Loads the model (provider chain, warm-up) and starts the host's worker.</summary>
    public static ModelHost Load(ModelBundle bundle, ModelHostOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        options ??= new ModelHostOptions();
        options.Validate();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DeepSeek.Edge.Pipelines.ModelHost");
        var model = LoadedModel.Load(bundle, options.Inference, logger);
        return new ModelHost(model, options, logger, timeProvider ?? TimeProvider.System);
    }

    /// <summary>
    /// Swaps in another model. Never throws for a bad model: the failure (load, validation) is in the result, logged and
    /// counted, and the current model keeps running. Swaps are serialized.
    /// </summary>
    public async Task<SwapResult> SwapAsync(ModelBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _swapGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SwapLockedAsync(bundle, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _swapGate.Release();
        }
    }

    /// <summary>Stops ONNX Runtime's profiler of the current model (between frames) and returns the trace file path.</summary>
    public Task<string> EndProfilingAsync()
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new PendingAction(
            () =>
            {
                try
                {
                    done.TrySetResult(_active.Engine.EndProfiling());
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    done.TrySetException(ex);
                }
            },
            () => done.TrySetException(new ObjectDisposedException(nameof(ModelHost), $"model host {Name} stopped before the profiler was ended"))));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        lock (_actionsGate) _stopping = true;
        _wake.Set();
        await _workerExited.Task.ConfigureAwait(false);
        foreach (var lane in Volatile.Read(ref _lanes)) lane.Abandon();
        AbandonActions();
        var model = Volatile.Read(ref _active);
        model.Dispose();
        PipelineLog.HostStopped(_logger, Name, model.Identity.Id);
    }

    internal void Attach(CameraLane lane)
    {
        lock (_lanesGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Volatile.Write(ref _lanes, [.. _lanes, lane]);
        }

        _wake.Set();
    }

    internal void Detach(CameraLane lane)
    {
        lock (_lanesGate) Volatile.Write(ref _lanes, _lanes.Where(l => !ReferenceEquals(l, lane)).ToArray());
    }

    internal void Signal() => _wake.Set();
}
