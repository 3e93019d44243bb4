namespace DeepSeek.Edge.Protocol.Documents.Local;

/// <summary>
/// The store-and-forward outbox: records waiting for the broker, and since start what was dropped (full), discarded (refused
/// or unreadable) and not stored (disk low); per priority (capture, telemetry, event, alert) the backlog and its oldest record.
/// </summary>
public sealed record OutboxBacklog(long Queued, long Bytes, long Dropped, long Discarded, long Unstored, IReadOnlyList<OutboxLane> Priorities)
{
    /// <summary>Why the outbox is not storing every message (low or full disk); null while it is.</summary>
    public string? Degradation { get; init; }
}

/// <summary>One priority of the outbox: queued records and bytes, delivered and lost (by reason) since start.</summary>
public sealed record OutboxLane(string Priority, long Queued, long Bytes, long Delivered, IReadOnlyDictionary<string, long> Lost)
{
    /// <summary>Seconds the oldest queued record has waited; null when none waits.</summary>
    public double? OldestAgeS { get; init; }
}
