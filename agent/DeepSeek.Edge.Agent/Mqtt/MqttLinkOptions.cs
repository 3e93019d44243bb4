using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>The agent's link to the fleet broker (configuration section <c>Mqtt</c>). Every default lives here.</summary>
public sealed class MqttLinkOptions : ISelfValidatingOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>The value of <see cref="Broker"/> that starts MQTTnet's in-process broker and connects to it on loopback.</summary>
    public const string EmbeddedBroker = "embedded";

    /// <summary>Broker host name or IP address, or <c>embedded</c>.</summary>
    public string Broker { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>Address the embedded broker listens on (only with <c>"Broker": "embedded"</c>).</summary>
    public string EmbeddedBindAddress { get; set; } = "127.0.0.1";

    /// <summary>This device's id: one topic level, also the default client id.</summary>
    public string DeviceId { get; set; } = DefaultDeviceId();

    /// <summary>The groups announced in the online status (<c>Ota:Groups</c>, set at start; not a key of this section).</summary>
    internal IReadOnlyList<string> Groups { get; set; } = [];

    /// <summary>MQTT client id; defaults to <see cref="DeviceId"/>.</summary>
    public string? ClientId { get; set; }

    public string TopicPrefix { get; set; } = "dsedge";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the broker password (one line; a final newline is ignored), instead of <see cref="Password"/>
    /// in the configuration. Checked at start and read on every connect, so a rotated password needs no restart.</summary>
    public string? PasswordFile { get; set; }

    public MqttTlsOptions Tls { get; set; } = new();

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the broker keeps this device's session (subscriptions, queued QoS 1 messages) while it is away.
    /// Greater than zero: persistent session (clean start off). Zero: a clean session on every connect.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Topic namespaces (e.g. <c>dsedge/console/responses/#</c>) where a request's response topic may point, besides the
    /// device's own <c>&lt;prefix&gt;/devices/&lt;id&gt;/responses</c>; anything else is refused (see <see cref="ResponseTopicPolicy"/>).
    /// </summary>
    public List<string> ResponseNamespaces { get; set; } = [];

    /// <summary>Largest MQTT packet this client accepts (model chunks must fit).</summary>
    public int MaxPacketBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Socket buffer of the client. MQTTnet's 8 KiB default caps large messages at a few MiB/s.</summary>
    public int TcpBufferBytes { get; set; } = 1024 * 1024;

    public bool IsEmbedded => string.Equals(Broker, EmbeddedBroker, StringComparison.OrdinalIgnoreCase);

    public string EffectiveClientId => string.IsNullOrWhiteSpace(ClientId) ? DeviceId : ClientId;

    /// <summary>Host the client connects to: the broker, or loopback for the embedded one.</summary>
    public string ConnectHost => IsEmbedded ? "127.0.0.1" : Broker;

    /// <summary>Every problem, each naming its key, e.g. <c>Mqtt:Port: 70000 is not a port; use 1-65535</c>.</summary>
    public IReadOnlyList<string> Validate() => MqttLinkOptionsRules.Check(this);

    private static string DefaultDeviceId()
    {
        var name = Environment.MachineName.ToLowerInvariant();
        var chars = name.Select(c => MqttLinkOptionsRules.IsIdChar(c) ? c : '-').ToArray();
        return chars.Length > 0 ? new string(chars) : "device";
    }
}
