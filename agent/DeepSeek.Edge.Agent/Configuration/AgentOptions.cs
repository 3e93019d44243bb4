namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>The <c>Agent</c> section: who this device is, where it keeps state, and what it runs.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Device id used in MQTT topics and telemetry; defaults to the host name.</summary>
    public string DeviceId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Writable state: outbox, model store, persisted settings.</summary>
    public string DataDirectory { get; set; } = "/var/lib/deepseek-edge";

    public List<CameraOptions> Cameras { get; set; } = [];

    public TelemetryOptions Telemetry { get; set; } = new();

    public HttpOptions Http { get; set; } = new();
}
