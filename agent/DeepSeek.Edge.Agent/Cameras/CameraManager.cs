using DeepSeek.Edge.Agent.Captures;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Gpio;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Inference;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Swapping;
using DeepSeek.Edge.Protocol.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>
/// Runs the configured cameras (a model host and a pipeline each, with the event and GPIO sinks) and is what the
/// status endpoint, the watchdog and remote commands look at. A camera that cannot start (bad model, missing
/// device) is reported as failed with the reason; the others keep running.
/// </summary>
public sealed partial class CameraManager : IHostedService, IAgentStatus, ICommandTarget, IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly CameraSettingsStore _settings;
    private readonly Outbox.Outbox _outbox;
    private readonly MqttConnectionSupervisor _link;
    private readonly GpioSignals? _gpio;
    private readonly LogLevelSwitch _logLevel;
    private readonly Func<string, string> _resolvePath;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<CameraManager> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CameraRuntime[] _cameras;
    private readonly Func<string, ModelBundle?> _installedModel;
    private readonly Liveness _liveness;
    private readonly ThreadBudget _threads;

    public CameraManager(
        IOptions<AgentOptions> options, CameraSettingsStore settings, Outbox.Outbox outbox, MqttConnectionSupervisor link,
        LogLevelSwitch logLevel, Func<string, string> resolvePath, ILoggerFactory loggerFactory, TimeProvider time, GpioSignals? gpio = null,
        Func<string, ModelBundle?>? installedModel = null, Liveness? liveness = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _settings = settings;
        _outbox = outbox;
        _link = link;
        _gpio = gpio;
        _logLevel = logLevel;
        _resolvePath = resolvePath;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<CameraManager>();
        _time = time;
        _installedModel = installedModel ?? (_ => null);
        _liveness = liveness ?? new Liveness(time);
        _threads = ThreadBudget.ForDevice(_options);
        _cameras = _options.Cameras.Select(c => new CameraRuntime(
            c, new TriggerSink(c.Name, outbox, link.Topics, _logger, time),
            runtime => new CaptureSink(c.Name, c.Capture, outbox, link.Topics, () => link.ServerMaximumPacketSize, runtime.PrecisionOf, CaptureCounters, _logger, time),
            time)).ToArray();
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Captures taken, queued and dropped before the outbox, across cameras.</summary>
    public CaptureCounters CaptureCounters { get; } = new();

    public IReadOnlyList<string> CameraNames => _cameras.Select(c => c.Name).ToArray();

    /// <summary>The model each running camera serves now (for <c>dsedge_model_info</c>).</summary>
    internal IEnumerable<Metrics.ActiveModel> ActiveModels() =>
        _cameras.Where(c => c.Host is not null).Select(c => (c, c.Host!.Current))
            .Select(x => new Metrics.ActiveModel(x.c.Name, x.Current.Name, x.Current.Version, x.c.PrecisionOf(x.Current), x.Current.Provider,
                x.c.Host?.Setup.Placement?.Providers.Select(p => (p.Provider, p.Nodes)).ToArray() ?? [])).ToList();

    /// <summary>How each running camera's model was loaded, by camera (for the reported state).</summary>
    internal IReadOnlyDictionary<string, Protocol.Documents.InferenceReport> InferenceReports() =>
        _cameras.Where(c => c.Host is not null).ToDictionary(c => c.Name, c => InferenceReports(c.Host!.Setup), StringComparer.Ordinal);

    private static Protocol.Documents.InferenceReport InferenceReports(Inference.Engine.EngineSetup s) => new(
        s.Precision.ToString().ToLowerInvariant(), s.Chain.Select(p => p.Name()).ToArray(), s.Policy.ToString().ToLowerInvariant(), s.Provider.Name(), s.IntraOpThreads,
        s.Placement?.Providers.Select(p => new Protocol.Documents.PlacementReport(p.Provider, p.Nodes, p.Ops)).ToArray() ?? [])
    {
        TensorRtPrecision = s.TensorRt?.ToString(),
        ProviderOptions = s.ProviderOptions,
        SessionConfig = s.SessionConfig,
        EngineCache = s.EngineCacheDirectory,
        PrecisionWarnings = s.PrecisionWarnings,
    };

    /// <summary>What a fresh install says until a camera is configured.</summary>
    public const string IdleHint = "idle: no cameras configured; add one under Agent:Cameras in the configuration (example in docs/operations.md) and restart the agent";

    public static string Version => AgentBuild.Version;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cameras.Length == 0) LogIdle(_logger, IdleHint);
        if (_cameras.Length > 0) ApplyOpenCvThreads();
        LogThreadBudget(_logger, _threads.ToString());
        foreach (var unknown in _settings.Cameras.Except(CameraNames, StringComparer.Ordinal))
            LogOverridesOfUnknownCamera(_logger, unknown, _settings.Path);
        foreach (var camera in _cameras)
        {
            camera.Settings = _settings.For(camera.Name);
            if (!camera.Settings.IsEmpty) LogOverridesApply(_logger, camera.Name, _settings.Path, Describe(camera));
            if (camera.Enabled) await StartCameraAsync(camera, cancellationToken).ConfigureAwait(false);
            else LogDisabled(_logger, camera.Name);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var camera in _cameras) await StopCameraAsync(camera).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>
    /// Ready (what <c>/healthz</c> answers 200 to): every running camera's source is alive or recovering (one that failed for
    /// good is not) and no critical loop is stalled. Healthy: ready, connected to the broker, every camera streaming, the
    /// outbox storing everything. Otherwise degraded, with the reasons: a link that is down (messages wait in the outbox), a
    /// disk too full to store them.
    /// </summary>
    public AgentHealth GetHealth()
    {
        var cameras = _cameras.Select(c => c.Health()).ToArray();
        var sourcesAlive = _cameras.All(c => c.Pipeline is null || c.Pipeline.Health.State is not (SourceState.Failed or SourceState.Stopped));
        var storage = _outbox.Degradation;
        var stalled = _liveness.Stalled();
        var connected = _link.IsConnected;
        var ready = sourcesAlive && stalled.Count == 0;
        var allGood = ready && connected && storage is null && cameras.All(c => c.State is "streaming" or "ended" or "disabled");
        string[] reasons =
        [
            .. stalled.Select(s => s.ToString()),
            .. connected ? [] : new[] { "mqtt: not connected; messages wait in the outbox" },
            .. storage is null ? [] : new[] { storage },
        ];
        return new AgentHealth(ready, allGood ? "healthy" : ready ? "degraded" : "unhealthy", connected, cameras, StartedAt, Version)
        {
            Device = _options.DeviceId,
            Hint = _cameras.Length == 0 ? IdleHint : null,
            Reasons = reasons,
        };
    }

    /// <summary>Each camera's running model, providers tried and stage latencies, for the status page (the updater adds the update state).</summary>
    public IReadOnlyList<Protocol.Documents.Local.CameraDetail> Details() => _cameras.Select(c => c.Detail()).ToArray();

    public JpegFrame? LatestJpeg(string camera) =>
        Find(camera)?.Pipeline?.GetLatestJpeg() is { } snapshot ? new JpegFrame(snapshot.Result.FrameId, snapshot.Jpeg) : null;

    public AgentHealth ReportedState() => GetHealth();

    public JpegFrame? Snapshot(string camera) => LatestJpeg(camera);

    public async Task<IReadOnlyDictionary<string, SettingOverride>> SetCameraAsync(string camera, CameraSettingsChange change, CancellationToken cancellationToken)
    {
        var runtime = Find(camera) ?? throw new CommandException($"unknown camera \"{camera}\"");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            runtime.Settings = _settings.Apply(camera, change);
            if (runtime.Host is { } host) ApplyThresholds(runtime, host);
            var wantRunning = runtime.Enabled;
            if (wantRunning && runtime.Pipeline is null) await StartCameraAsync(runtime, CancellationToken.None).ConfigureAwait(false);
            else if (!wantRunning && runtime.Pipeline is not null) await StopCameraAsync(runtime).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        LogSettingsChanged(_logger, camera, Describe(runtime));
        return runtime.Overrides();
    }

    public async Task RestartPipelineAsync(string camera, CancellationToken cancellationToken)
    {
        var runtime = Find(camera) ?? throw new CommandException($"unknown camera \"{camera}\"");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCameraAsync(runtime).ConfigureAwait(false);
            if (!runtime.Enabled) throw new CommandException($"camera \"{camera}\" is disabled; enable it with set {{\"enabled\": true}}");
            await StartCameraAsync(runtime, cancellationToken).ConfigureAwait(false);
            if (runtime.Pipeline is null) throw new CommandException($"camera \"{camera}\" did not start: {runtime.LastError}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void SetLogLevel(LogLevel level)
    {
        _logLevel.Level = level;
        LogLevelChanged(_logger, level);
    }

    /// <summary>
    /// A GPIO input's debounced edge: the camera infers its next frame (even one it would skip) and publishes a trigger
    /// event with that frame's detections and snapshot. Called on the driver's event thread: it only queues.
    /// </summary>
    public void Trigger(Gpio.GpioTriggerEventArgs trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (Find(trigger.Camera) is not { Pipeline: { } pipeline } runtime)
        {
            Gpio.GpioMetrics.Unanswered.Add(1, new KeyValuePair<string, object?>("camera", trigger.Camera), new KeyValuePair<string, object?>("reason", "camera_not_running"));
            LogTriggerWithoutCamera(_logger, trigger.Pin, trigger.Camera);
            return;
        }

        if (trigger.Capture) runtime.Captures.Request(1, CaptureDocument.GpioReason);
        if (runtime.Triggers.Add(trigger, pipeline.NextFrameId)) pipeline.InferNextFrame();
    }

    /// <summary>
    /// The <c>capture</c> command: the camera's next <paramref name="frames"/> inferred frames are sent back as captures, whatever
    /// its capture options say (the next frame is inferred even where the camera skips frames). Returns how many now wait.
    /// </summary>
    public int RequestCapture(string camera, int frames)
    {
        var runtime = Find(camera) ?? throw new CommandException($"unknown camera \"{camera}\"");
        if (runtime.Pipeline is not { } pipeline)
            throw new CommandException($"camera \"{camera}\" is not running ({(runtime.Enabled ? runtime.LastError ?? "starting" : "disabled")}); it has no frames to capture");
        var waiting = runtime.Captures.Request(frames);
        pipeline.InferNextFrame();
        return waiting;
    }

    /// <summary>Per running camera and model version, the output quality since the previous call (one telemetry interval).</summary>
    public IReadOnlyList<QualitySample> DrainQuality()
    {
        var samples = new List<QualitySample>();
        foreach (var camera in _cameras)
        {
            if (camera.Pipeline is not { } pipeline) continue;
            var dropped = pipeline.Counters.DroppedByReason;
            var errors = dropped.GetValueOrDefault(DropReasons.InferenceError) + dropped.GetValueOrDefault(DropReasons.PreprocessError);
            samples.AddRange(camera.Quality.Drain(errors, camera.Host?.Current));
        }

        return samples;
    }

    /// <summary>True when the camera is enabled but could not start (e.g. its model does not load): an update may fix it.</summary>
    public bool CannotStart(string camera) => Find(camera) is { Pipeline: null, LastError: not null } runtime && runtime.Enabled;

    /// <summary>The model a running camera uses now, or null when the camera is not running.</summary>
    public ModelIdentity? CurrentModel(string camera) => Find(camera)?.Host?.Current;

    /// <summary>Swaps a running camera's model between frames (the old one keeps running if the new one fails); null when the camera is not running.</summary>
    public async Task<SwapResult?> SwapModelAsync(string camera, ModelBundle bundle, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Find(camera) is not { Host: { } host } runtime) return null;
            var result = await host.SwapAsync(bundle, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded) ApplyThresholds(runtime, host);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens (and checks) the model the configuration names for <paramref name="camera"/>: what runs when the store has none for it.</summary>
    public ModelBundle OpenConfiguredModel(string camera)
    {
        var runtime = Find(camera) ?? throw new ArgumentException($"unknown camera \"{camera}\"", nameof(camera));
        return ModelBundle.Open(_resolvePath(runtime.Options.Model), Path.Combine(_options.DataDirectory, "packages"));
    }

    /// <summary>Reads a running camera's counters for one model version; null when the camera is not running.</summary>
    public CameraSample? Sample(string camera, string modelName, string modelVersion)
    {
        if (Find(camera) is not { Pipeline: { } pipeline } runtime) return null;
        var dropped = pipeline.Counters.DroppedByReason;
        var errors = dropped.GetValueOrDefault(DropReasons.InferenceError) + dropped.GetValueOrDefault(DropReasons.PreprocessError);
        var (frames, detections) = runtime.Outputs.Of(modelName, modelVersion);
        return new CameraSample(frames, detections, errors, _time.GetTimestamp());
    }

    private CameraRuntime? Find(string camera) => _cameras.FirstOrDefault(c => c.Name == camera);

    private async Task StartCameraAsync(CameraRuntime camera, CancellationToken cancellationToken)
    {
        var o = camera.Options;
        ModelHost? host = null;
        try
        {
            host = LoadModelHost(o);
            ApplyThresholds(camera, host);
            var pipelineOptions = new Pipelines.Pipeline.CameraOptions
            {
                Name = o.Name,
                InferEveryNth = o.EveryNthFrame,
                InferOnRequestOnly = o.InferOnTriggerOnly,
                Source = new SourceOptions
                {
                    Uri = ResolveSource(o.Source), Loop = o.Loop, RealTime = o.RealTime,
                    OpenTimeout = o.OpenTimeout, StallTimeout = o.StallTimeout, ReconnectMaxDelay = o.ReconnectMaxDelay,
                    Decoder = o.Decoder, RtspTransport = o.RtspTransport, Width = o.Width, Height = o.Height,
                },
            };
            var pipeline = CameraPipeline.Create(pipelineOptions, host, _loggerFactory, _time);
            camera.Subscriptions.Add(pipeline.Subscribe(new EventSink(o.Events, _outbox, _link.Topics), "events"));
            if (_gpio is not null) camera.Subscriptions.Add(pipeline.Subscribe(new GpioSink(_gpio), "gpio"));
            camera.Subscriptions.Add(pipeline.Subscribe(camera.Outputs, "model-outputs"));
            camera.Subscriptions.Add(pipeline.Subscribe(camera.Triggers, "gpio-triggers"));
            camera.Subscriptions.Add(pipeline.Subscribe(camera.Quality, "quality"));
            camera.Subscriptions.Add(pipeline.Subscribe(camera.Captures, "captures"));
            camera.Subscriptions.Add(pipeline.Subscribe(camera.Latency, "stage-latency"));
            pipeline.Start();
            _liveness.Watch(pipeline.CapturePulse);
            _liveness.Watch(host.Pulse);
            camera.Host = host;
            camera.Pipeline = pipeline;
            camera.LastError = null;
            camera.FailedProviderAttempts = [];
            LogStarted(_logger, o.Name, o.Source, host.Current.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = Vision.Native.OpenCvNative.Explain(ex) ?? ex.Message;
            camera.LastError = SecretRedaction.Redact(reason);
            camera.FailedProviderAttempts = (ex as Inference.Providers.ProviderUnavailableException)?.Attempts ?? [];
            if (host is not null) await host.DisposeAsync().ConfigureAwait(false);
            LogStartFailed(_logger, o.Name, reason);
        }
    }

    /// <summary>The store's version (what the last update committed) wins over the configured model, unless it cannot load.</summary>
    private ModelHost LoadModelHost(Configuration.CameraOptions o)
    {
        var inference = Configuration.InferenceSettings.Resolve(_options.Inference, o.Inference, o.Providers, _options.EngineCacheDirectory, _threads);
        var hostOptions = new ModelHostOptions { Name = o.Name, Inference = inference };
        if (_installedModel(o.Name) is { } installed)
        {
            try
            {
                return ModelHost.Load(installed, hostOptions, _loggerFactory, _time);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogInstalledModelFailed(_logger, o.Name, installed.Directory, ex.Message);
            }
        }

        return ModelHost.Load(OpenConfiguredModel(o.Name), hostOptions, _loggerFactory, _time);
    }

    private async Task StopCameraAsync(CameraRuntime camera)
    {
        foreach (var s in camera.Subscriptions) s.Dispose();
        camera.Subscriptions.Clear();
        if (camera.Pipeline is { } pipeline)
        {
            _liveness.Forget(pipeline.CapturePulse);
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }

        if (camera.Host is { } host)
        {
            _liveness.Forget(host.Pulse);
            await host.DisposeAsync().ConfigureAwait(false);
        }
        camera.Pipeline = null;
        camera.Host = null;
    }

    private static void ApplyThresholds(CameraRuntime camera, ModelHost host)
    {
        var manifest = host.Manifest.Thresholds;
        host.Thresholds = new Models.Manifest.Thresholds(
            camera.Settings.ScoreThreshold ?? camera.Options.ScoreThreshold ?? manifest.Score,
            camera.Settings.IouThreshold ?? camera.Options.IouThreshold ?? manifest.Iou);
    }

    /// <summary>Each override with the configured value it replaces, e.g. <c>enabled=false (configured true)</c>.</summary>
    private static string Describe(CameraRuntime camera)
    {
        var overrides = camera.Overrides();
        return overrides.Count == 0
            ? "no overrides, the configuration applies"
            : string.Join(", ", overrides.Select(o => $"{o.Key}={o.Value.Value.ToJsonString()} (configured {o.Value.Configured?.ToJsonString() ?? "by the model"})"));
    }

    private string ResolveSource(string source) =>
        source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? "file:" + _resolvePath(source["file:".Length..]) : source;

    /// <summary>OpenCV's pool to the budget. Where OpenCV's native library does not load, each camera fails naming it: not here.</summary>
    private void ApplyOpenCvThreads()
    {
        try
        {
            OpenCvSharp.Cv2.SetNumThreads(_threads.PerCamera);
        }
        catch (Exception ex) when (DeepSeek.Edge.Vision.Native.OpenCvNative.Diagnose(ex) is not null)
        {
        }
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "Thread budget: {Budget}")]
    private static partial void LogThreadBudget(ILogger logger, string budget);

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Camera {Camera} started: source {Source}, model {Model}")]
    private static partial void LogStarted(ILogger logger, string camera, string source, string model);

    [LoggerMessage(EventId = 801, Level = LogLevel.Error, Message = "Camera {Camera} cannot start: {Reason}. The other cameras keep running; fix the configuration or publish a working model")]
    private static partial void LogStartFailed(ILogger logger, string camera, string reason);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "Camera {Camera} is disabled")]
    private static partial void LogDisabled(ILogger logger, string camera);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "Camera {Camera} settings changed: {Settings}")]
    private static partial void LogSettingsChanged(ILogger logger, string camera, string settings);

    [LoggerMessage(EventId = 806, Level = LogLevel.Warning, Message = "Camera {Camera}: overrides set by command and kept in {Path} apply over the configuration: {Overrides}. Clear one with the set command giving it as null (e.g. args {{\"camera\":\"<name>\",\"enabled\":null}}), or delete the file while the agent is stopped")]
    private static partial void LogOverridesApply(ILogger logger, string camera, string path, string overrides);

    [LoggerMessage(EventId = 807, Level = LogLevel.Warning, Message = "Overrides in {Path} for camera {Camera} are ignored: no camera of that name is configured")]
    private static partial void LogOverridesOfUnknownCamera(ILogger logger, string camera, string path);

    [LoggerMessage(EventId = 805, Level = LogLevel.Error, Message = "Camera {Camera}: the installed model {Model} does not load ({Reason}); starting on the configured model")]
    private static partial void LogInstalledModelFailed(ILogger logger, string camera, string model, string reason);

    [LoggerMessage(EventId = 809, Level = LogLevel.Information, Message = "The agent is {Hint}")]
    private static partial void LogIdle(ILogger logger, string hint);

    [LoggerMessage(EventId = 808, Level = LogLevel.Warning, Message = "GPIO input pin {Pin} triggers camera {Camera}, which is not running (unknown, disabled or failed); the trigger is dropped")]
    private static partial void LogTriggerWithoutCamera(ILogger logger, int pin, string camera);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "Log level set to {Level} by command")]
    private static partial void LogLevelChanged(ILogger logger, LogLevel level);
}
