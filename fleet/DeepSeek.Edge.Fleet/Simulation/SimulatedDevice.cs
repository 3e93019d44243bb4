using System.Buffers;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Fleet.Simulation;

/// <summary>
/// A device that speaks contract 2 as the agent does, for load and rollout tests: retained status with a last will, reported
/// state and model state for one camera, telemetry every <c>telemetryInterval</c>, and it follows desired state (its own
/// document over its group's) through downloading → verifying → activating → active, or failed for the versions it is told fail.
/// </summary>
public sealed class SimulatedDevice : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttTopics _topics;
    private readonly string _group;
    private readonly IReadOnlySet<string> _failingVersions;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly string _epoch = Guid.NewGuid().ToString("N")[..12];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private DesiredStateDocument _device = DesiredStateDocument.Empty;
    private DesiredStateDocument _groupDocument = DesiredStateDocument.Empty;
    private long _seq;
    private Task? _telemetry;

    public SimulatedDevice(string prefix, string id, string group, string model, string version, IReadOnlySet<string>? failingVersions = null)
    {
        _topics = new MqttTopics(prefix, id);
        _group = group;
        Model = model;
        Version = version;
        _failingVersions = failingVersions ?? new HashSet<string>();
    }

    /// <summary>How each version behaves once running (fps, detections per frame, share of frames lost to inference errors, share of frames in the uncertainty band); others run <see cref="SimulatedVersion.Default"/>.</summary>
    public IReadOnlyDictionary<string, SimulatedVersion> Versions { get; init; } = new Dictionary<string, SimulatedVersion>();

    public string Id => _topics.DeviceId;
    public string Model { get; }
    public string Version { get; private set; }

    public async Task StartAsync(string host, int port, TimeSpan telemetryInterval, CancellationToken cancellationToken)
    {
        var options = new MqttClientOptionsBuilder().WithProtocolVersion(MqttProtocolVersion.V500).WithTcpServer(host, port)
            .WithClientId("sim-" + Id).WithCleanStart()
            .WithWillTopic(_topics.Status).WithWillRetain().WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillPayload(ProtocolJson.Write(new StatusDocument(Id, StatusDocument.Offline, "sim", _startedAt) { Reason = StatusDocument.ConnectionLost }))
            .Build();
        _client.ApplicationMessageReceivedAsync += OnDesiredAsync;
        await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        await PublishAsync(_topics.Status, ProtocolJson.Write(new StatusDocument(Id, StatusDocument.Online, "sim", _startedAt) { Ts = DateTimeOffset.UtcNow, Groups = [_group] }), true).ConfigureAwait(false);
        await ReportAsync().ConfigureAwait(false);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topics.DesiredState, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(_topics.GroupDesiredState(_group), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        _telemetry = Task.Run(() => TelemetryLoopAsync(telemetryInterval), CancellationToken.None);
    }

    private async Task TelemetryLoopAsync(TimeSpan interval)
    {
        try
        {
            long framesIn = 0, processed = 0;
            while (!_stop.IsCancellationRequested)
            {
                var seq = Interlocked.Increment(ref _seq);
                var version = Version;
                var behaviour = Versions.GetValueOrDefault(version, SimulatedVersion.Default);
                var frames = (long)Math.Round(behaviour.Fps * interval.TotalSeconds);
                var errors = (long)Math.Round(frames * behaviour.InferenceErrorFraction);
                framesIn += frames;
                processed += frames - errors;
                var detections = (long)Math.Round((frames - errors) * behaviour.DetectionsPerFrame);
                var camera = new CameraHealth("cam0", "test:pattern", "streaming", $"{Model}@{version}", "cpu", framesIn, processed, 0, behaviour.Fps);
                var uncertain = (long)Math.Round((frames - errors) * behaviour.UncertainFraction);
                var quality = new QualitySample("cam0", Model, version, interval.TotalSeconds, frames - errors, detections,
                    frames - errors > 0 ? (double)detections / (frames - errors) : 0, new long[QualitySample.ScoreBins], uncertain,
                    frames - errors > 0 ? (double)uncertain / (frames - errors) : 0, errors);
                // A board's health as the agent reports it: CPU load that follows the frame rate, one thermal zone.
                var health = new DeviceHealth(DateTimeOffset.UtcNow, CpuUsagePercent: Math.Min(100, 20 + behaviour.Fps),
                    Temperatures: [new TemperatureReading("thermal_zone0", "CPU-therm", 40 + behaviour.Fps / 5)]);
                await PublishAsync(_topics.Telemetry, ProtocolJson.Write(new TelemetryDocument(Id, _epoch, seq, DateTimeOffset.UtcNow,
                    new AgentSummary("sim", "ok", _startedAt, (DateTimeOffset.UtcNow - _startedAt).TotalSeconds, true), [camera], health) { Quality = [quality] }), false).ConfigureAwait(false);
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task OnDesiredAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        DesiredStateDocument document;
        try
        {
            document = DesiredStateDocument.Parse(e.ApplicationMessage.Payload.ToArray());
        }
        catch (FormatException)
        {
            return;
        }

        if (e.ApplicationMessage.Topic == _topics.DesiredState) _device = document;
        else _groupDocument = document;
        var entry = _device.Models.FirstOrDefault(m => m.Name == Model) ?? _groupDocument.Models.FirstOrDefault(m => m.Name == Model);
        if (entry is null || entry.Version == Version) return;
        _ = Task.Run(() => ApplyAsync(entry), CancellationToken.None);
    }

    private async Task ApplyAsync(DesiredModel entry)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var state in new[] { "downloading", "verifying", "activating" })
            {
                await ModelStateAsync(entry, state, null).ConfigureAwait(false);
                await Task.Delay(50).ConfigureAwait(false);
            }

            if (_failingVersions.Contains(entry.Version))
            {
                await ModelStateAsync(entry, "rolled-back", "health window: the new version failed its checks").ConfigureAwait(false);
                return;
            }

            Version = entry.Version;
            await ModelStateAsync(entry, "active", null).ConfigureAwait(false);
            await ReportAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task ModelStateAsync(DesiredModel entry, string state, string? reason) => PublishAsync(_topics.Device + "/models/state",
        ProtocolJson.Write(new ModelStateDocument(Id, DateTimeOffset.UtcNow, new Dictionary<string, CameraUpdate>
        {
            ["cam0"] = new(entry.Name, entry.Version, state) { Reason = reason, DesiredVersion = entry.DocumentVersion },
        })), true);

    private Task ReportAsync() =>
        PublishAsync(_topics.ReportedState, ProtocolJson.Write(new ReportedStateDocument(Id, _epoch, Interlocked.Increment(ref _seq), DateTimeOffset.UtcNow,
            [new CameraReport("cam0", "test:pattern", "streaming", $"{Model}@{Version}", "cpu")], "sim")), true);

    private async Task PublishAsync(string topic, byte[] payload, bool retain)
    {
        if (!_client.IsConnected) return;
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build()).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_telemetry is not null) await _telemetry.ConfigureAwait(false);
        if (_client.IsConnected) await _client.DisconnectAsync().ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
        _gate.Dispose();
    }
}

/// <summary>How a simulated device behaves on one model version: fps, detections per inferred frame, the share of frames lost to inference errors.</summary>
public sealed record SimulatedVersion(double Fps = 25, double DetectionsPerFrame = 0.5, double InferenceErrorFraction = 0, double UncertainFraction = 0)
{
    public static SimulatedVersion Default { get; } = new();
}
