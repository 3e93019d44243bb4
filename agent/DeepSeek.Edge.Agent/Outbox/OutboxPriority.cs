namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>
/// What a full outbox gives up first: captures (frames sent back for retraining), then telemetry, then events; alerts last.
/// Each priority's records live in a directory named after it (<see cref="OutboxMetrics.Name"/>), so the numbers may change.
/// </summary>
public enum OutboxPriority
{
    Capture = 0,
    Telemetry = 1,
    Event = 2,
    Alert = 3,
}
