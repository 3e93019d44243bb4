namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>Periodic telemetry (pipeline metrics, models, device health).</summary>
public sealed class TelemetryOptions
{
    public int IntervalSeconds { get; set; } = 10;
}
