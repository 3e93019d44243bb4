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

    public static readonly UpDownCounter<long> QueuedMessages =
        EdgeMeter.Instance.CreateUpDownCounter<long>("dsedge.outbox.messages", "{message}", "Messages waiting in the outbox");

    public static readonly UpDownCounter<long> QueuedBytes =
        EdgeMeter.Instance.CreateUpDownCounter<long>("dsedge.outbox.bytes", "By", "Bytes of the records waiting in the outbox");

    public static readonly Histogram<double> DeliveryLatency =
        EdgeMeter.Instance.CreateHistogram<double>("dsedge.outbox.delivery.latency", "ms", "Time from enqueue to the broker's PUBACK");

    public static KeyValuePair<string, object?> Tag(OutboxPriority priority) => new("priority", Name(priority));

    public static string Name(OutboxPriority priority) => priority switch
    {
        OutboxPriority.Alert => "alert",
        OutboxPriority.Event => "event",
        _ => "telemetry",
    };
}
