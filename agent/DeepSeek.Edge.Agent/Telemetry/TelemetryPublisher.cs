using DeepSeek.Edge.Agent.Cameras;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Agent.Health;
using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Agent.Mqtt;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Edge.Agent.Telemetry;

/// <summary>
/// Every <see cref="TelemetryOptions.IntervalSeconds"/>: the cameras (state, model, provider, counters, fps) and
/// the device's health go to the outbox as telemetry (lowest priority), and the reported state (retained) whenever
/// it changed. Both carry the schema and the outbox's per-device sequence number.
/// </summary>
public sealed class TelemetryPublisher : BackgroundService
{
    private readonly CameraManager _cameras;
    private readonly DeviceHealthCollector _health;
    private readonly Outbox.Outbox _outbox;
    private readonly MqttTopics _topics;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly LoopPulse? _pulse;
    private string? _lastState;

    public TelemetryPublisher(
        CameraManager cameras, DeviceHealthCollector health, Outbox.Outbox outbox, MqttConnectionSupervisor link, IOptions<AgentOptions> options, TimeProvider time,
        ILogger<TelemetryPublisher> logger, Liveness? liveness = null)
    {
        _logger = logger;
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(options);
        _cameras = cameras;
        _health = health;
        _outbox = outbox;
        _topics = link.Topics;
        _time = time;
        _interval = TimeSpan.FromSeconds(options.Value.Telemetry.IntervalSeconds);
        _pulse = liveness?.Register("telemetry", StallAfter(_interval));
    }

    /// <summary>The longest the loop may go without a beat: an interval, and the pause after failed samples.</summary>
    public static TimeSpan StallAfter(TimeSpan interval) => 9 * interval + TimeSpan.FromSeconds(30);

    /// <summary>
    /// One sample per interval. A failed sample (a collector's I/O error, a full disk) is logged and counted by
    /// <see cref="GuardedLoop"/> and the loop goes on after a pause; it never ends the host.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        await GuardedLoop.RunAsync("telemetry", async stop =>
        {
            PublishOnce();
            await timer.WaitForNextTickAsync(stop).ConfigureAwait(false);
        }, _interval, 8 * _interval, _logger, _time, stoppingToken, _pulse).ConfigureAwait(false);
    }

    /// <summary>Captures since the agent started: taken and queued by the cameras, sent and lost by the outbox, dropped by reason from both.</summary>
    private CaptureCounts CaptureTotals()
    {
        var counters = _cameras.CaptureCounters;
        var dropped = new SortedDictionary<string, long>(counters.Dropped.ToDictionary(d => d.Key, d => d.Value), StringComparer.Ordinal);
        foreach (var (reason, count) in _outbox.Tally.LostOf(OutboxPriority.Capture))
            dropped[reason] = dropped.GetValueOrDefault(reason) + count;
        return new CaptureCounts(counters.Taken, counters.Queued, _outbox.Tally.DeliveredOf(OutboxPriority.Capture), dropped);
    }

    /// <summary>Queues one telemetry message, and the reported state when it changed.</summary>
    public void PublishOnce()
    {
        var now = _time.GetUtcNow();
        var agent = _cameras.GetHealth();
        var health = _health.Collect();
        var quality = _cameras.DrainQuality();
        var captures = CaptureTotals();
        var summary = new AgentSummary(agent.Version, agent.Status, agent.StartedAt, Math.Round((now - agent.StartedAt).TotalSeconds), agent.MqttConnected);
        _outbox.Enqueue(_topics.Telemetry, OutboxPriority.Telemetry, seq => ProtocolJson.Write(
            new TelemetryDocument(_topics.DeviceId, _outbox.Epoch, seq, now, summary, agent.Cameras, health)
            {
                Quality = quality,
                Captures = captures,
            }));

        // Reported state: what runs where; retained, so the console sees it on subscribe. Only sent when it changes.
        var inference = _cameras.InferenceReports();
        IReadOnlyList<CameraReport> cameras = agent.Cameras.Select(c => new CameraReport(c.Name, c.Source, c.State, c.Model, c.Provider, c.LastError)
        {
            Overrides = c.Overrides,
            Inference = inference.GetValueOrDefault(c.Name),
        }).ToArray();
        var state = agent.Version + ProtocolJson.WriteText(cameras);
        if (state == _lastState) return;
        _lastState = state;
        _outbox.Enqueue(_topics.ReportedState, OutboxPriority.Event, seq => ProtocolJson.Write(
            new ReportedStateDocument(_topics.DeviceId, _outbox.Epoch, seq, now, cameras, agent.Version)), retain: true);
    }
}
