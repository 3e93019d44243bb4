using System.Text.Json.Nodes;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Agent.Captures;
using DeepSeek.Edge.Agent.Commands;
using CameraOptions = DeepSeek.Edge.Agent.Configuration.CameraOptions;
using DeepSeek.Edge.Agent.Http;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Documents.Local;
using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>One configured camera and what runs for it now: its model host and pipeline (both null while stopped or failed).</summary>
internal sealed class CameraRuntime
{
    public CameraRuntime(CameraOptions options, TriggerSink triggers, Func<CameraRuntime, CaptureSink> captures, TimeProvider time)
    {
        Options = options;
        Triggers = triggers;
        Captures = captures(this);
        Quality = new QualityCounter(options.Name, options.Capture, time);
    }

    public CameraOptions Options { get; }
    public string Name => Options.Name;
    public ModelHost? Host { get; set; }
    public CameraPipeline? Pipeline { get; set; }
    public List<IDisposable> Subscriptions { get; } = [];
    public ModelOutputCounter Outputs { get; } = new();

    /// <summary>Stage timings of the latest inferred frames, for the status page.</summary>
    public StageLatencyWindow Latency { get; } = new();

    /// <summary>The providers tried when the camera last failed to start because none could serve its model; empty otherwise.</summary>
    public IReadOnlyList<ProviderAttempt> FailedProviderAttempts { get; set; } = [];

    /// <summary>Frames sent back for retraining; kept across pipeline restarts so the caps hold.</summary>
    public CaptureSink Captures { get; }

    /// <summary>Output quality per model version since the last telemetry sample.</summary>
    public QualityCounter Quality { get; }

    /// <summary>The precision (fp32, fp16, int8) of the model that produced a result, from the loaded manifest.</summary>
    public string PrecisionOf(ModelIdentity model) =>
        (Host is { } host && host.Current == model ? host.Manifest.Precision : Models.Manifest.ModelPrecision.FP32).ToString().ToLowerInvariant();

    /// <summary>GPIO triggers waiting for a frame of this camera.</summary>
    public TriggerSink Triggers { get; }
    public CameraSettings Settings { get; set; } = new();

    /// <summary>Why the camera is not running, when it is not (bad model, source that failed for good).</summary>
    public string? LastError { get; set; }

    public bool Enabled => Settings.Enabled ?? Options.Enabled;

    /// <summary>The settings a <c>set</c> command overrides, with the value in effect and the configured one, by setting name.</summary>
    public IReadOnlyDictionary<string, SettingOverride> Overrides()
    {
        var overrides = new SortedDictionary<string, SettingOverride>(StringComparer.Ordinal);
        if (Settings.Enabled is { } enabled) overrides[CameraSettings.EnabledKey] = new(JsonValue.Create(enabled), JsonValue.Create(Options.Enabled));
        if (Settings.ScoreThreshold is { } score) overrides[CameraSettings.ScoreThresholdKey] = new(JsonValue.Create(score), Configured(Options.ScoreThreshold));
        if (Settings.IouThreshold is { } iou) overrides[CameraSettings.IouThresholdKey] = new(JsonValue.Create(iou), Configured(Options.IouThreshold));
        return overrides;
    }

    public CameraHealth Health()
    {
        var pipeline = Pipeline;
        var counters = pipeline?.Counters;
        var model = Host?.Current;
        var state = pipeline is null
            ? (Enabled ? (LastError is null ? "starting" : "failed") : "disabled")
            : pipeline.Health.State.ToString().ToLowerInvariant();
        return new CameraHealth(
            Name, SecretRedaction.Redact(Options.Source)!, state, model is null ? null : $"{model.Name}@{model.Version}", model?.Provider,
            counters?.Captured ?? 0, counters?.Processed ?? 0, counters?.Dropped ?? 0, FpsMeter.Rate(Name, counters?.Processed ?? 0),
            SecretRedaction.Redact(LastError ?? pipeline?.Health.Detail))
        {
            Overrides = Overrides(),
        };
    }

    /// <summary>
    /// What the status page shows of the camera beyond its health: the providers tried for the running model (or, when it could
    /// not start for want of one, for the model it tried) and stage latencies; the caller adds the update state.
    /// </summary>
    public CameraDetail Detail()
    {
        var host = Host;
        var attempts = host?.ProviderAttempts ?? FailedProviderAttempts;
        return new CameraDetail(
            Name, attempts.Select(a => new ProviderTry(a.Provider.Name(), a.Succeeded) { Reason = SecretRedaction.Redact(a.Reason) }).ToArray(), Latency.Summary())
        {
            Model = host?.Current.Id,
        };
    }

    private static JsonValue? Configured(float? value) => value is { } v ? JsonValue.Create(v) : null;
}
