using System.Collections.Concurrent;

namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// Per priority, what left the outbox since it was opened: delivered (the broker's PUBACK), and lost by reason (<c>full</c>,
/// <c>capture_budget</c>, <c>disk_low</c>, <c>write_failed</c>, a broker refusal...). Telemetry reports captures from it.
/// Every loss is also a metric; this only keeps the totals readable by the agent.
/// </summary>
public sealed class OutboxTally
{
    private readonly long[] _delivered = new long[Enum.GetValues<OutboxPriority>().Length];
    private readonly ConcurrentDictionary<(OutboxPriority Priority, string Reason), long> _lost = new();

    public void Delivered(OutboxPriority priority) => Interlocked.Increment(ref _delivered[(int)priority]);

    public void Lost(OutboxPriority priority, string reason) => _lost.AddOrUpdate((priority, reason), 1, static (_, n) => n + 1);

    public long DeliveredOf(OutboxPriority priority) => Interlocked.Read(ref _delivered[(int)priority]);

    /// <summary>The losses of one priority, by reason.</summary>
    public IReadOnlyDictionary<string, long> LostOf(OutboxPriority priority) =>
        _lost.Where(l => l.Key.Priority == priority).ToDictionary(l => l.Key.Reason, l => l.Value, StringComparer.Ordinal);
}
