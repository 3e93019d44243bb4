namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>What opening the outbox found on disk.</summary>
/// <param name="Records">Complete, undelivered records recovered.</param>
/// <param name="Bytes">Their size.</param>
/// <param name="TornRecords">Undelivered records cut off the end of the newest segment (a write that a crash interrupted).</param>
/// <param name="CorruptRecords">Undelivered records damaged inside a segment, skipped (recovery found the next record by its sync marker).</param>
/// <param name="DiscardedBytes">Damaged bytes skipped or cut off (a copy is kept in the priority's <c>damaged/</c> directory).</param>
/// <param name="NextSequence">The sequence number the next message gets.</param>
public sealed record OutboxRecoveryReport(int Records, long Bytes, int TornRecords, int CorruptRecords, long DiscardedBytes, long NextSequence);
