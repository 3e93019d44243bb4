namespace DeepSeek.Edge.Agent.Outbox;

/// <summary>What a full outbox gives up first: telemetry, then events; alerts last.</summary>
public enum OutboxPriority
{
    Telemetry = 0,
    Event = 1,
    Alert = 2,
}
