using System.Collections.Concurrent;
using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The over-the-air reconciler: follows the device's and its groups' retained desired state (the device document wins for
/// a camera), and for each camera whose desired model differs from what runs: reads the offer, downloads the missing
/// chunks, stages the package in the model store (signature and file checks; rejects are quarantined), swaps the camera's
/// model between frames, and activates it in the store. On any failure the old model keeps running. Every state change is
/// published retained on <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c>.
/// </summary>
public sealed class ModelUpdater : IHostedService, IDisposable
{
    private readonly OtaOptions _options;
    private readonly MqttConnectionSupervisor _link;
    private readonly CameraManager _cameras;
    private readonly ILogger<ModelUpdater> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IReadOnlyList<DesiredModel>> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _payloads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ModelStateReport _report = new();
    private readonly CancellationTokenSource _stopping = new();
    private ModelStore? _store;
    private Task _loop = Task.CompletedTask;
    private volatile bool _documentsChanged;

    public ModelUpdater(OtaOptions options, MqttConnectionSupervisor link, CameraManager cameras, ILogger<ModelUpdater> logger, TimeProvider time)
    {
        _options = options;
        _link = link;
        _cameras = cameras;
        _logger = logger;
        _time = time;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.TrustedKeys.Count == 0)
        {
            OtaLog.Disabled(_logger);
            return;
        }

        _store = ModelStore.Open(_options.StoreDirectory, TrustedKeys.Load(_options.TrustedKeys), null, _time);
        _store.Recover(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        await SubscribeDesiredStateAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SubscribeDesiredStateAsync(CancellationToken cancellationToken)
    {
        await _link.SubscribeAsync(_link.Topics.DesiredState, OnDesiredStateAsync, cancellationToken).ConfigureAwait(false);
        foreach (var group in _options.Groups)
        {
            await _link.SubscribeAsync(_link.Topics.GroupDesiredState(group), OnDesiredStateAsync, cancellationToken).ConfigureAwait(false);
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
        _store?.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private Task OnDesiredStateAsync(MqttIncoming message, CancellationToken cancellationToken)
    {
        try
        {
            var models = DesiredStateDocument.Parse(message.Payload.Span);
            var payload = message.Payload.ToArray();
            if (_payloads.TryGetValue(message.Topic, out var previous) && previous.AsSpan().SequenceEqual(payload)) return Task.CompletedTask; // a redelivery
            _payloads[message.Topic] = payload;
            _documents[message.Topic] = models;
            _documentsChanged = true;
            _wake.Release();
        }
        catch (FormatException ex)
        {
            OtaLog.BadDesiredState(_logger, message.Topic, ex.Message);
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_documentsChanged)
            {
                _documentsChanged = false;
                _failed.Clear(); // a new document is a new request: retry what failed before
            }

            foreach (var camera in _cameras.CameraNames)
            {
                if (Desired(camera) is not { } desired) continue;
                var current = _cameras.CurrentModel(camera);
                if (current is null || (current.Name == desired.Name && current.Version == desired.Version)) continue;
                var key = $"{camera}/{desired.Name}@{desired.Version}";
                if (_failed.Contains(key)) continue;
                if (!await UpdateAsync(camera, desired, cancellationToken).ConfigureAwait(false)) _failed.Add(key);
            }
        }
    }

    private DesiredModel? Desired(string camera)
    {
        var order = new[] { _link.Topics.DesiredState }.Concat(_options.Groups.Select(_link.Topics.GroupDesiredState));
        foreach (var topic in order)
        {
            if (_documents.TryGetValue(topic, out var models) && models.FirstOrDefault(m => m.AppliesTo(camera)) is { } found) return found;
        }

        return null;
    }

    private async Task<bool> UpdateAsync(string camera, DesiredModel desired, CancellationToken cancellationToken)
    {
        var store = _store!;
        var model = new ModelRef(desired.Name, desired.Version);
        try
        {
            if (!store.Versions().Contains(model)) await DownloadAndStageAsync(store, camera, desired, model, cancellationToken).ConfigureAwait(false);

            await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "activating"), cancellationToken).ConfigureAwait(false);
            var swap = await _cameras.SwapModelAsync(camera, store.Load(model), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"camera \"{camera}\" is not running");
            if (!swap.Succeeded) throw new InvalidDataException($"swap failed at {swap.FailedAt}: {swap.Error}");
            store.Activate(camera, model);
            await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "active"), cancellationToken).ConfigureAwait(false);
            OtaMetrics.Updates.Add(1, new KeyValuePair<string, object?>("result", "active"));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OtaLog.Failed(_logger, camera, model.Id, ex.Message);
            OtaMetrics.Updates.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "failed", Reason: ex.Message), cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task DownloadAndStageAsync(ModelStore store, string camera, DesiredModel desired, ModelRef model, CancellationToken cancellationToken)
    {
        await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "downloading"), cancellationToken).ConfigureAwait(false);
        var offer = await ReadOfferAsync(desired, cancellationToken).ConfigureAwait(false);
        var package = await new ModelDownload(_link, _logger).RunAsync(offer, store.Layout.DownloadDirectory(offer.Chunks.PackageSha256),
            (bytes, total) => ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "downloading", bytes, total), cancellationToken),
            cancellationToken).ConfigureAwait(false);

        await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "verifying"), cancellationToken).ConfigureAwait(false);
        var staged = store.Stage(package, cancellationToken);
        if (staged.Model != model) throw new InvalidDataException($"the package holds {staged.Model}, not {model}");
        await ReportAsync(new CameraUpdateState(camera, desired.Name, desired.Version, "staged"), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ModelOffer> ReadOfferAsync(DesiredModel desired, CancellationToken cancellationToken)
    {
        var topic = _link.Topics.ModelManifest(desired.Name, desired.Version);
        var received = new TaskCompletionSource<ModelOffer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _link.SubscribeAsync(topic, (message, _) =>
        {
            if (message.Payload.IsEmpty) return Task.CompletedTask;
            try
            {
                received.TrySetResult(ModelOffer.Parse(message.Payload.Span));
            }
            catch (FormatException ex)
            {
                received.TrySetException(ex);
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            return await received.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _link.UnsubscribeAsync(topic, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(CameraUpdateState state, CancellationToken cancellationToken)
    {
        OtaLog.StateChanged(_logger, state.Camera, $"{state.Model}@{state.Version}", state.State, state.Reason ?? (state.Bytes is { } b ? $"{b}/{state.Total}" : null));
        var payload = _report.Set(_link.Topics.DeviceId, _time.GetUtcNow(), state);
        try
        {
            await _link.PublishAsync(new MqttOutgoing { Topic = _link.Topics.Device + "/models/state", Payload = payload, Retain = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttLinkUnavailableException)
        {
            // Offline: the next state change (the document holds every camera's latest state) reports it.
        }
    }
}
