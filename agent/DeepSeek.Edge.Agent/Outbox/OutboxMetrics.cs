using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>Instruments of the outbox, tagged by priority and, for losses, by reason.</summary>
internal static class OutboxMetrics
{
    public static readonly Counter<long> Buffered =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.buffered", "{message}", "Messages written to the outbox, by priority");

    public static readonly Counter<long> Delivered =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.delivered", "{message}", "Messages removed after the broker's PUBACK, by priority");

    public static readonly Counter<long> Dropped =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.dropped", "{message}", "Messages given up because the outbox was full, by priority and reason");

    public static readonly Counter<long> Discarded =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.discarded", "{message}", "Records lost to torn writes or corruption, or refused by the broker, by reason");

    public static readonly Counter<long> Refused =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.refused", "{message}", "Refusals the broker may lift (the message is kept and sent again), by priority and reason code");

    public static readonly Counter<long> Unstored =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.outbox.messages.unstored", "{message}", "Messages that could not be stored (low or full disk), by priority and reason");

    // Depth and bytes are read from the open outboxes at scrape time, so a backlog recovered before any listener existed is seen.
    private static readonly ConcurrentDictionary<Outbox, byte> OpenOutboxes = new();

    public static readonly ObservableUpDownCounter<long> QueuedMessages =
        EdgeMeter.Instance.CreateObservableUpDownCounter("dsedge.outbox.messages", () => Observe(static (o, p) => o.CountOf(p)), "{message}", "Messages waiting in the outbox, by priority");

    public static readonly ObservableUpDownCounter<long> QueuedBytes =
        EdgeMeter.Instance.CreateObservableUpDownCounter("dsedge.outbox.bytes", () => Observe(static (o, p) => o.BytesOf(p)), "By", "Bytes of the records waiting in the outbox, by priority");

    public static readonly ObservableGauge<int> Degraded =
        EdgeMeter.Instance.CreateObservableGauge("dsedge.outbox.degraded", () => OpenOutboxes.Keys.Select(o => new Measurement<int>(o.Degradation is null ? 0 : 1)), null, "1 while the outbox cannot store everything (low or full disk)");

    public static void Track(Outbox outbox) => OpenOutboxes.TryAdd(outbox, 0);

    public static void Untrack(Outbox outbox) => OpenOutboxes.TryRemove(outbox, out _);

    public static readonly Histogram<double> DeliveryLatency =
        EdgeMeter.Instance.CreateHistogram<double>("dsedge.outbox.delivery.latency", "s", "Time from enqueue to the broker's PUBACK");

    public static KeyValuePair<string, object?> Tag(OutboxPriority priority) => new("priority", Name(priority));

    private static IEnumerable<Measurement<long>> Observe(Func<Outbox, OutboxPriority, long> read)
    {
        var totals = new long[Enum.GetValues<OutboxPriority>().Length];
        foreach (var outbox in OpenOutboxes.Keys)
        {
            foreach (var p in Enum.GetValues<OutboxPriority>()) totals[(int)p] += read(outbox, p);
        }

        return Enum.GetValues<OutboxPriority>().Select(p => new Measurement<long>(totals[(int)p], Tag(p)));
    }

    public static string Name(OutboxPriority priority) => priority switch
    {
        OutboxPriority.Alert => "alert",
        OutboxPriority.Event => "event",
        OutboxPriority.Capture => "capture",
        _ => "telemetry",
    };
}
