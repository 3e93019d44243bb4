using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// Puts a staged version into service on one camera: measures the old model's rates (baseline), swaps between frames (the
/// new model is loaded, warmed up and validated on a real frame first), watches it for the health window, and then either
/// commits it as the camera's active version in the store or swaps the previous model back. The store's pointer moves only
/// at the commit, so a crash at any point restarts the camera on the old version.
/// </summary>
internal sealed class ModelActivation
{
    private readonly OtaOptions _options;
    private readonly CameraManager _cameras;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ModelActivation(OtaOptions options, CameraManager cameras, ILogger logger, TimeProvider time)
    {
        _options = options;
        _cameras = cameras;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Returns when the new version is committed. Throws <see cref="UpdateRejectedException"/> when it failed its swap (the old model
    /// never stopped), <see cref="ModelRolledBackException"/> when it failed its health window (the old model was swapped back).
    /// </summary>
    public async Task ActivateAsync(ModelStore store, string camera, ModelRef model, Func<string, Task> report, CancellationToken cancellationToken)
    {
        var old = _cameras.CurrentModel(camera) ?? throw new InvalidOperationException($"camera \"{camera}\" is not running; the update waits for it");
        var baseline = await MeasureAsync(camera, old.Name, old.Version, _options.BaselineWindow, cancellationToken).ConfigureAwait(false);

        await report("activating").ConfigureAwait(false);
        var swap = await _cameras.SwapModelAsync(camera, store.Load(model), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"camera \"{camera}\" stopped; the update waits for it");
        if (!swap.Succeeded) throw new UpdateRejectedException($"{model.Id} failed its swap at {swap.FailedAt}: {swap.Error}; {old.Name}@{old.Version} kept running");

        if (_options.HealthWindow > TimeSpan.Zero)
        {
            OtaLog.HealthWindowStarted(_logger, camera, model.Id, _options.HealthWindow.TotalSeconds, baseline.ToString());
            var window = await MeasureAsync(camera, model.Name, model.Version, _options.HealthWindow, cancellationToken, stopEarly: true).ConfigureAwait(false);
            if (HealthCheck.Failure(baseline, window, _options) is { } failure)
            {
                await SwapBackAsync(store, camera, model, failure, cancellationToken).ConfigureAwait(false);
                throw new ModelRolledBackException($"{model.Id} failed its health window ({failure}); rolled back to {old.Name}@{old.Version}");
            }

            OtaLog.HealthWindowPassed(_logger, camera, model.Id, window.ToString());
        }

        store.Activate(camera, model);
    }

    /// <summary>
    /// Puts a staged version into service on a camera that could not start (its model does not load): points the store at it
    /// and starts the camera, which loads it from there. When the camera still does not start on it, the pointer goes back.
    /// There is no baseline to compare with, so there is no health window: starting, warming up and running is the check.
    /// </summary>
    public async Task StartAsync(ModelStore store, string camera, ModelRef model, CancellationToken cancellationToken)
    {
        var before = store.GetActive(camera);
        store.Activate(camera, model);
        string? problem = null;
        try
        {
            await _cameras.RestartPipelineAsync(camera, cancellationToken).ConfigureAwait(false);
            var running = _cameras.CurrentModel(camera);
            if (running is null || running.Name != model.Name || running.Version != model.Version)
                problem = $"the camera started on {running?.Name}@{running?.Version} instead";
        }
        catch (CommandException ex)
        {
            problem = ex.Message;
        }

        if (problem is null) return;
        if (before is null) store.Deactivate(camera);
        else store.Rollback(camera);
        throw new UpdateRejectedException($"{model.Id} did not bring camera \"{camera}\" up: {problem}");
    }

    /// <summary>
    /// The <c>rollback</c> command: swaps the camera to the version it ran before its active one (or to its configured model when
    /// the store has no earlier version for it) and moves the store's pointer. Returns the version now running.
    /// </summary>
    public async Task<string> RollbackAsync(ModelStore store, string camera, CancellationToken cancellationToken)
    {
        var active = store.GetActive(camera)
            ?? throw new InvalidOperationException($"camera \"{camera}\" runs its configured model: there is no update to roll back");
        var bundle = active.Previous is { } previous ? store.Load(previous) : _cameras.OpenConfiguredModel(camera);
        var swap = await _cameras.SwapModelAsync(camera, bundle, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"camera \"{camera}\" is not running; start it, then roll back");
        if (!swap.Succeeded) throw new InvalidOperationException($"the earlier model failed its swap at {swap.FailedAt}: {swap.Error}; {active.Model.Id} keeps running");
        if (active.Previous is null) store.Deactivate(camera);
        else store.Rollback(camera);
        return $"{swap.Current.Name}@{swap.Current.Version}";
    }

    private async Task SwapBackAsync(ModelStore store, string camera, ModelRef failed, string failure, CancellationToken cancellationToken)
    {
        var committed = store.GetActive(camera)?.Model;
        var bundle = committed is null ? _cameras.OpenConfiguredModel(camera) : store.Load(committed);
        var back = await _cameras.SwapModelAsync(camera, bundle, CancellationToken.None).ConfigureAwait(false);
        OtaLog.RolledBack(_logger, camera, failed.Id, committed?.Id ?? "the configured model", failure, back?.Succeeded == true);
        if (back is { Succeeded: false })
            throw new InvalidOperationException($"{failed.Id} failed its health window ({failure}) and the previous model failed to load again: {back.Error}");
        cancellationToken.ThrowIfCancellationRequested();
    }

    private Task<HealthCheck.Rates> MeasureAsync(string camera, string name, string version, TimeSpan length, CancellationToken cancellationToken, bool stopEarly = false) =>
        RateWindow.MeasureAsync(() => Sample(camera, name, version), length, _time,
            stopEarly ? (start, now) => now.Errors - start.Errors > _options.MaxInferenceErrors : null, cancellationToken); // no need to wait for the verdict

    private CameraSample Sample(string camera, string name, string version) =>
        _cameras.Sample(camera, name, version) ?? throw new InvalidOperationException($"camera \"{camera}\" stopped during the update");
}
