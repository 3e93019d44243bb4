using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Ota.Http;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The over-the-air reconciler. It follows the device's and its groups' retained desired state (the device document wins for
/// a camera) and, in a loop, for each camera whose desired model differs from what runs: fetches the package (MQTT chunks or
/// http(s), resuming), stages it in the model store (signature and file checks; rejects are quarantined), activates it
/// (swap, health window, commit or automatic rollback). Transfers that fail for a passing reason are retried with a doubling
/// cool-off (<see cref="UpdateBackoff"/>, which no new document resets); rejections and rollbacks are not retried until a new
/// document arrives, and then only after the cool-off. After every attempt the store is cleaned up within its bounds. The old
/// model keeps running through every failure. Every state change, and what became of each desired-state document, is
/// published retained on <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c>.
/// </summary>
public sealed class ModelUpdater : IHostedService, IModelCommands, IDisposable
{
    /// <summary>The longest finite wait a <see cref="SemaphoreSlim"/> accepts; a longer retry delay wakes, finds nothing due, and sleeps again.</summary>
    /// <summary>The longest the loop sleeps between passes, so that its pulse beats while nothing is due.</summary>
    private static readonly TimeSpan IdleBeat = TimeSpan.FromSeconds(30);

    private readonly OtaOptions _options;
    private readonly ModelStore? _store;
    private readonly MqttConnectionSupervisor _link;
    private readonly CameraManager _cameras;
    private readonly ILogger<ModelUpdater> _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly PackageFetcher _fetcher;
    private readonly ModelActivation _activation;
    private readonly FailedUpdates _failed;
    private readonly DesiredStateInbox _inbox;
    private readonly UpdateBackoff _backoff;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _activationGate = new(1, 1);
    private readonly ModelStateReport _report = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private readonly Liveness? _liveness;
    private LoopPulse? _pulse;
    private DownloadInProgress? _download;

    public ModelUpdater(
        OtaOptions options, DeviceModelStore store, MqttConnectionSupervisor link, CameraManager cameras, string dataDirectory, ILogger<ModelUpdater> logger, TimeProvider time,
        Liveness? liveness = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _options = options;
        _store = store.Store;
        _link = link;
        _cameras = cameras;
        _logger = logger;
        _time = time;
        _http = HttpDownloadOptions.CreateClient(PackageFetcher.HttpOptions(options));
        _fetcher = new PackageFetcher(options, link, _http, logger, time);
        _activation = new ModelActivation(options, cameras, logger, time);
        _failed = new FailedUpdates(Path.Combine(dataDirectory, "ota-failed.json"));
        _liveness = liveness;
        _backoff = new UpdateBackoff(options, time);
        _inbox = new DesiredStateInbox(_failed, logger, time);
    }

    /// <summary>
    /// The longest one pass may go without a beat: a retry pause, a download and an engine build (up to half an hour on a
    /// small board), the baseline and the health window.
    /// </summary>
    public static TimeSpan StallAfter(OtaOptions options) =>
        options.MaxRetryDelay + options.BaselineWindow + options.HealthWindow + TimeSpan.FromMinutes(30);

    /// <summary>The latest update state of each camera that had an update (for <c>dsedge_ota_update_state</c>).</summary>
    internal IReadOnlyList<CameraUpdateState> UpdateStates() => _report.Cameras();

    /// <summary>The model (<c>name@version</c>) the camera's desired state names (the device's document, else its groups'); null when none does.</summary>
    internal string? DesiredModelOf(string camera) => Desired(camera)?.Model.Id;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store is null) return;
        _pulse = _liveness?.Register("ota_updater", StallAfter(_options));
        _loop = Task.Run(() => GuardedLoop.RunAsync("ota_updater", PassAsync, _options.RetryDelay, _options.MaxRetryDelay, _logger, _time, _stopping.Token, _pulse), CancellationToken.None);
        await _link.SubscribeAsync(_link.Topics.DesiredState, OnDesiredStateAsync, MessageLane.DesiredState, cancellationToken).ConfigureAwait(false);
        foreach (var group in _options.Groups)
        {
            await _link.SubscribeAsync(_link.Topics.GroupDesiredState(group), OnDesiredStateAsync, MessageLane.DesiredState, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _http.Dispose();
        _wake.Dispose();
        _activationGate.Dispose();
    }

    /// <inheritdoc/>
    public async Task<string> RollbackAsync(string camera, CancellationToken cancellationToken)
    {
        var store = _store ?? throw new CommandException("rollback needs over-the-air updates: configure Ota:TrustedKeys");
        await _activationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var from = store.GetActive(camera)?.Model;
            var now = await _activation.RollbackAsync(store, camera, cancellationToken).ConfigureAwait(false);
            if (from is not null)
            {
                // The desired state still names the version rolled back from: do not install it again until a new document.
                _failed.Add(FailedUpdates.Key(camera, from.Name, from.Version), "rolled back by command");
                await ReportAsync(new CameraUpdateState(camera, from.Name, from.Version, "rolled-back", Reason: $"rolled back by command; {now} runs"), cancellationToken).ConfigureAwait(false);
            }

            OtaMetrics.Updates.Add(1, new KeyValuePair<string, object?>("result", "rolled_back"));
            return now;
        }
        catch (InvalidOperationException ex)
        {
            throw new CommandException(ex.Message);
        }
        finally
        {
            _activationGate.Release();
        }
    }

    /// <summary>Takes or refuses a desired-state document (see <see cref="DesiredStateInbox"/>) and reports the verdict on models/state.</summary>
    private async Task OnDesiredStateAsync(MqttIncoming message, CancellationToken cancellationToken)
    {
        var (taken, report) = _inbox.Receive(message.Topic, message.Payload);
        if (taken)
        {
            CancelSupersededDownload();
            _wake.Release();
        }

        if (report is not null) await PublishReportAsync(_report.Set(_link.Topics.DeviceId, _time.GetUtcNow(), report), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One pass of the loop: reconciles every camera, then sleeps until a document arrives or the earliest retry is due.</summary>
    private async Task PassAsync(CancellationToken cancellationToken)
    {
        var nextRetry = await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        while (!await _wake.WaitAsync(WaitUntil(nextRetry), cancellationToken).ConfigureAwait(false))
        {
            if (nextRetry is { } due && due <= _time.GetTimestamp()) return;
            _pulse?.Beat(); // idle, not stuck
        }
    }

    /// <summary>How long to sleep until a monotonic timestamp (none: nothing due); at most <see cref="IdleBeat"/>.</summary>
    private TimeSpan WaitUntil(long? timestamp)
    {
        if (timestamp is not { } at) return IdleBeat;
        var now = _time.GetTimestamp();
        if (at <= now) return TimeSpan.Zero;
        var wait = _time.GetElapsedTime(now, at);
        return wait < IdleBeat ? wait : IdleBeat;
    }

    /// <summary>One pass over the cameras; returns when the earliest postponed retry is due, or null when none is.</summary>
    private async Task<long?> ReconcileAsync(CancellationToken cancellationToken)
    {
        long? nextRetry = null;
        foreach (var camera in _cameras.CameraNames)
        {
            if (Desired(camera) is not { } target) continue;
            var desired = target.Model;
            var current = _cameras.CurrentModel(camera);
            if (current is null ? !_cameras.CannotStart(camera) : current.Name == desired.Name && current.Version == desired.Version) continue;
            if (_failed.Reason(target.Key) is not null) continue;
            if (_backoff.Pending(target.Topic, camera) is { } notBefore)
            {
                nextRetry = Min(nextRetry, notBefore);
                continue;
            }

            var due = await UpdateAsync(target, cancellationToken).ConfigureAwait(false);
            if (due is { } at) nextRetry = Min(nextRetry, at);
        }

        return nextRetry;
    }

    private static long Min(long? a, long b) => a is { } x && x < b ? x : b;

    /// <summary>The camera's desired model and the document topic it comes from (the device's, else its groups' in order).</summary>
    private UpdateTarget? Desired(string camera)
    {
        var order = new[] { _link.Topics.DesiredState }.Concat(_options.Groups.Select(_link.Topics.GroupDesiredState));
        foreach (var topic in order)
        {
            if (_inbox.Document(topic) is { } document && document.Models.FirstOrDefault(m => m.AppliesTo(camera)) is { } found) return new UpdateTarget(topic, camera, found);
        }

        return null;
    }

    /// <summary>A download for a camera whose desired model has changed since is stopped (what it stored is kept for later).</summary>
    private void CancelSupersededDownload()
    {
        if (Volatile.Read(ref _download) is not { } download) return;
        if (Desired(download.Camera)?.Model is { } desired && desired.Name == download.Model.Name && desired.Version == download.Model.Version) return;
        OtaLog.Superseded(_logger, download.Camera, download.Model.Id);
        try
        {
            download.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The download ended meanwhile.
        }
    }

    /// <summary>
    /// Runs one update attempt, then cleans the store up whatever its outcome (so that failed attempts cannot pile up quarantined and
    /// partial packages); returns when (a monotonic timestamp) to try it again after a passing failure, else null.
    /// </summary>
    private async Task<long?> UpdateAsync(UpdateTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await AttemptAsync(target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CollectGarbage(_store!);
        }
    }

    private void CollectGarbage(ModelStore store)
    {
        try
        {
            var removed = store.CollectGarbage();
            if (removed.RemovedVersions.Count + removed.RemovedQuarantine.Count + removed.RemovedDownloads.Count > 0)
                OtaLog.GarbageCollected(_logger, removed.RemovedVersions.Count, removed.RemovedQuarantine.Count, removed.RemovedDownloads.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OtaLog.GarbageCollectionFailed(_logger, ex.Message);
        }
    }

    private async Task<long?> AttemptAsync(UpdateTarget target, CancellationToken cancellationToken)
    {
        var (camera, desired) = (target.Camera, target.Model);
        var store = _store!;
        var model = new ModelRef(desired.Name, desired.Version);
        Task Report(string state, long? bytes = null, long? total = null, string? reason = null) =>
            ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, state, bytes, total, reason) { DesiredVersion = desired.DocumentVersion }, cancellationToken);
        try
        {
            RefuseDowngrade(camera, desired);
            if (!store.Versions().Contains(model))
            {
                await Report("downloading").ConfigureAwait(false);
                var package = await FetchAsync(store, camera, desired, model, (bytes, total) => Report("downloading", bytes, total), cancellationToken).ConfigureAwait(false);
                if (package is null) return null; // superseded: the next pass takes the new desired model
                await Report("verifying").ConfigureAwait(false);
                StagedModel staged;
                try
                {
                    staged = store.Stage(package, cancellationToken);
                }
                catch (PackageRejectedException)
                {
                    DeleteDownload(package); // quarantined: the download is no longer needed
                    throw;
                }

                DeleteDownload(package); // installed
                if (staged.Model != model) throw new UpdateRejectedException($"the package holds {staged.Model}, not {model}; the desired state and the package disagree");
                await Report("staged").ConfigureAwait(false);
            }

            await _activationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_cameras.CurrentModel(camera) is null)
                {
                    await Report("activating").ConfigureAwait(false);
                    await _activation.StartAsync(store, camera, model, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _activation.ActivateAsync(store, camera, model, state => Report(state), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _activationGate.Release();
            }

            await Report("active").ConfigureAwait(false);
            OtaMetrics.Updates.Add(1, new KeyValuePair<string, object?>("result", "active"));
            _backoff.Succeeded(target.Topic, camera);
            return null;
        }
        catch (ModelRolledBackException ex)
        {
            return await GiveUpAsync(target, "rolled-back", ex.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UpdateRejectedException or PackageRejectedException)
        {
            return await GiveUpAsync(target, "failed", ex.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var (failures, delay, at) = _backoff.Failed(target.Topic, camera);
            OtaLog.WillRetry(_logger, camera, desired.Id, ex.Message, delay.TotalSeconds, failures);
            OtaMetrics.Retries.Add(1);
            await Report("failed", reason: $"{ex.Message} (retry {failures} in {delay.TotalSeconds:0} s)").ConfigureAwait(false);
            return at;
        }
    }

    /// <summary>Removes the download directory of a package that was staged or quarantined (the cleanup retries what fails here).</summary>
    private void DeleteDownload(string packagePath)
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(packagePath)!, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            OtaLog.GarbageCollectionFailed(_logger, ex.Message);
        }
    }

    /// <summary>Fetches the package; null when a new desired state stopped the download (only the download can be stopped so).</summary>
    private async Task<string?> FetchAsync(ModelStore store, string camera, DesiredModel desired, ModelRef model, Func<long, long, Task> progress, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Volatile.Write(ref _download, new DownloadInProgress(camera, model, cancel));
        try
        {
            CancelSupersededDownload(); // a document that arrived between the decision and now
            return await _fetcher.FetchAsync(store, desired, progress, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Volatile.Write(ref _download, null);
        }
    }

    /// <summary>
    /// Anti-rollback: a version older than the camera's committed one (same model, dotted numeric versions) is refused unless the
    /// entry says <c>allow_downgrade</c>, so a replayed or stale document cannot bring back a version with a known flaw. Committed
    /// means the version the store's pointer names (even when the camera runs something else: its configured model because the
    /// committed one does not load now, or nothing); without a pointer, the configured model the camera runs.
    /// </summary>
    private void RefuseDowngrade(string camera, DesiredModel desired)
    {
        if (desired.AllowDowngrade) return;
        var committed = _store!.GetActive(camera)?.Model is { } active ? (active.Name, active.Version)
            : _cameras.CurrentModel(camera) is { } running ? (running.Name, running.Version)
            : default;
        if (committed.Name != desired.Name || !ModelVersionOrder.IsOlder(desired.Version, committed.Version)) return;
        OtaMetrics.DowngradesRefused.Add(1);
        throw new UpdateRejectedException($"{desired.Version} is older than the committed {committed.Version}: downgrades are refused (anti-rollback); set \"allow_downgrade\": true in the desired-state entry to install it");
    }

    /// <summary>
    /// A rejection or rollback: that version is not tried again until a document with another <c>version</c>, and the cool-off for the
    /// camera's document grows as for any failed attempt (so a stream of new documents cannot trigger a download each).
    /// </summary>
    private async Task<long?> GiveUpAsync(UpdateTarget target, string state, string reason, CancellationToken cancellationToken)
    {
        var (camera, desired) = (target.Camera, target.Model);
        _backoff.Failed(target.Topic, camera);
        _failed.Add(target.Key, reason);
        OtaLog.Failed(_logger, camera, desired.Id, reason);
        OtaMetrics.Updates.Add(1, new KeyValuePair<string, object?>("result", state == "rolled-back" ? "rolled_back" : "failed"));
        await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, state, Reason: reason) { DesiredVersion = desired.DocumentVersion }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private Task ReportAsync(CameraUpdateState state, CancellationToken cancellationToken)
    {
        OtaLog.StateChanged(_logger, state.Camera, $"{state.Model}@{state.Version}", state.State, state.Reason ?? (state.Bytes is { } b ? $"{b}/{state.Total} bytes" : ""));
        return PublishReportAsync(_report.Set(_link.Topics.DeviceId, _time.GetUtcNow(), state), cancellationToken);
    }

    private async Task PublishReportAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await _link.PublishAsync(new MqttOutgoing { Topic = _link.Topics.Device + "/models/state", Payload = payload, Retain = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttLinkUnavailableException)
        {
            // Offline: the next state change (the document holds every camera's latest state) reports it.
        }
    }

    /// <summary>A camera's desired model and the desired-state topic it comes from.</summary>
    private sealed record UpdateTarget(string Topic, string Camera, DesiredModel Model)
    {
        public string Key => FailedUpdates.Key(Camera, Model.Name, Model.Version);
    }

    private sealed record DownloadInProgress(string Camera, ModelRef Model, CancellationTokenSource Cancel);
}
