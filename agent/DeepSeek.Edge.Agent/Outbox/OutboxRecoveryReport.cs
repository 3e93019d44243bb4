namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>What opening the outbox found on disk.</summary>
/// <param name="Records">Complete, undelivered records recovered.</param>
/// <param name="Bytes">Their size.</param>
/// <param name="TornRecords">Incomplete or corrupt records cut off the end of a segment (a write that a crash interrupted).</param>
/// <param name="DiscardedBytes">Bytes cut off with them.</param>
/// <param name="NextSequence">The sequence number the next message gets.</param>
public sealed record OutboxRecoveryReport(int Records, long Bytes, int TornRecords, long DiscardedBytes, long NextSequence);
