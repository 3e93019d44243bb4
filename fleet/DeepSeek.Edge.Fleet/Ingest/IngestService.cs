using System.Buffers;
using System.Threading.Channels;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Desired;
using DeepSeek.Edge.Fleet.Metrics;
using DeepSeek.Edge.Fleet.Mqtt;
using Microsoft.Extensions.Hosting;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>
/// Subscribes to what devices publish and hands every message to a bounded channel, nothing more: telemetry, events and captures through
/// a shared subscription (<c>$share/&lt;group&gt;/…</c>, so replicas split them), status, reported state, model state and this
/// replica's command responses as plain subscriptions (retained ones arrive on every connect). When the channel is full the
/// handler waits, which holds back the broker's flow instead of dropping.
/// </summary>
public sealed class IngestService : IHostedService
{
    public const int QueueCapacity = 20_000;

    private readonly FleetOptions _options;
    private readonly FleetBroker _broker;
    private readonly FleetCounters _counters;
    private readonly TimeProvider _time;

    private readonly DesiredStateMirror _mirror;

    public IngestService(FleetOptions options, FleetBroker broker, FleetCounters counters, DesiredStateMirror mirror, TimeProvider time)
    {
        _mirror = mirror;
        _options = options;
        _broker = broker;
        _counters = counters;
        _time = time;
        Queue = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public Channel<ReceivedMessage> Queue { get; }

    public static IReadOnlyList<string> Filters(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var p = options.TopicPrefix;
        var share = $"$share/{options.ShareGroup}/";
        return
        [
            share + p + "/devices/+/telemetry",
            share + p + "/devices/+/events",
            share + p + "/devices/+/captures",
            p + "/devices/+/status",
            p + "/devices/+/state/reported",
            p + "/devices/+/models/state",
            p + "/devices/+/responses/" + options.EffectiveClientId,
            p + "/devices/+/state/desired",
            p + "/groups/+/state/desired",
        ];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _broker.BeforeSubscribe = _mirror.Reset;
        _broker.OnMessage(async e =>
        {
            var message = e.ApplicationMessage;
            if (DesiredStateMirror.IsDesiredTopic(message.Topic))
            {
                _mirror.Observe(message.Topic, message.Payload.IsEmpty ? [] : message.Payload.ToArray());
                await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var payload = message.Payload.IsEmpty ? [] : message.Payload.ToArray();
            var received = new ReceivedMessage(message.Topic, payload, _time.GetUtcNow(), message.Retain,
                message.CorrelationData, () => e.AcknowledgeAsync(CancellationToken.None));
            _counters.Add("ds_fleet_ingest_received_total");
            await Queue.Writer.WriteAsync(received, CancellationToken.None).ConfigureAwait(false);
        });
        foreach (var filter in Filters(_options)) await _broker.SubscribeAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
