namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>A queued message as read back from its segment file.</summary>
public sealed record OutboxRecord(long Sequence, OutboxPriority Priority, string Topic, ReadOnlyMemory<byte> Payload, bool Retain, DateTimeOffset EnqueuedAt);
