namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>One message as the broker delivered it, with the time it arrived and how to acknowledge it once stored.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, DateTimeOffset RxTs, bool Retained, byte[]? Correlation, Func<Task> AcknowledgeAsync);
