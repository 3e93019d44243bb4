namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>What happened to one record of a forwarded batch.</summary>
internal enum SendOutcome
{
    Delivered,
    Rejected,
    Unsendable,
    RetryLater,
    LinkDown,
}
