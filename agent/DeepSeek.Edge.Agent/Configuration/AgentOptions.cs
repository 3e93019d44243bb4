namespace DeepSeek.Edge.Agent.Configuration;

/// <summary>The <c>Agent</c> section: who this device is, where it keeps state, and what it runs.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Device id used in MQTT topics and telemetry; defaults to the host name.</summary>
    public string DeviceId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Writable state: outbox, model store, persisted settings.</summary>
    public string DataDirectory { get; set; } = "/var/lib/deepseek-edge";

    /// <summary>
    /// What can be rebuilt but is slow to: TensorRT engines (under <c>trt/</c>). Defaults to systemd's <c>$CACHE_DIRECTORY</c>
    /// (the unit's <c>CacheDirectory=</c>, /var/cache/deepseek-edge), else <c>cache</c> under <see cref="DataDirectory"/>;
    /// never /tmp, which a restart empties under <c>PrivateTmp=</c>.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Where TensorRT keeps the engines it built, so that a restart does not build them again.</summary>
    public string EngineCacheDirectory =>
        Path.Combine(CacheDirectory ?? Environment.GetEnvironmentVariable("CACHE_DIRECTORY")?.Split(':')[0] ?? Path.Combine(DataDirectory, "cache"), "trt");

    /// <summary>How every camera's model loads (provider chain, policy, threads, TensorRT, CUDA); a camera's own <c>Inference</c> keys win.</summary>
    public InferenceSettings Inference { get; set; } = new();

    public List<CameraOptions> Cameras { get; set; } = [];

    public TelemetryOptions Telemetry { get; set; } = new();

    public HttpOptions Http { get; set; } = new();
}
