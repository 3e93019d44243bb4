using DeepSeek.Edge.Protocol.Topics;
using System.Net;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Turns <see cref="MqttLinkOptions"/> into MQTTnet client options: MQTT 5, persistent session, last will, TLS, 1 MiB socket buffers.</summary>
internal static class MqttClientOptionsFactory
{
    /// <summary>The suffix of the client id of a bulk transfer's own connection.</summary>
    public const string TransferClientSuffix = "-transfer";

    public static MqttClientOptions Create(MqttLinkOptions o, MqttTopics topics, DateTimeOffset startedAt, MqttTlsCertificates? tls)
    {
        var sessionExpiry = (uint)o.SessionExpiry.TotalSeconds;
        var builder = Common(o, tls, o.EffectiveClientId)
            .WithCleanStart(sessionExpiry == 0)
            .WithSessionExpiryInterval(sessionExpiry)
            .WithWillTopic(topics.Status)
            .WithWillPayload(StatusPayload.Lost(o.DeviceId, startedAt))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        return Finish(builder, o);
    }

    /// <summary>
    /// A bulk transfer's connection: same broker, credentials and TLS, but a clean session that ends with the connection (so a
    /// killed download leaves no queue of chunks behind to be sent twice), no last will, and <paramref name="maxPacketBytes"/> as the
    /// largest message the broker may send it.
    /// </summary>
    public static MqttClientOptions CreateTransfer(MqttLinkOptions o, MqttTlsCertificates? tls, long maxPacketBytes) =>
        Finish(Common(o, tls, o.EffectiveClientId + TransferClientSuffix, Math.Min(maxPacketBytes, o.MaxPacketBytes)).WithCleanStart(true).WithSessionExpiryInterval(0), o);

    /// <summary>A short check of the broker (<c>ds-edge doctor</c>): same broker, credentials and TLS, its own clean session, no last will.</summary>
    public static MqttClientOptions CreateProbe(MqttLinkOptions o, MqttTlsCertificates? tls) =>
        Finish(Common(o, tls, o.EffectiveClientId + "-doctor").WithCleanStart(true).WithSessionExpiryInterval(0), o);

    private static MqttClientOptionsBuilder Common(MqttLinkOptions o, MqttTlsCertificates? tls, string clientId, long? maxPacketBytes = null) =>
        new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithEndPoint(IPAddress.TryParse(o.ConnectHost, out var ip) ? new IPEndPoint(ip, o.Port) : new DnsEndPoint(o.ConnectHost, o.Port))
            .WithTlsOptions(tls is null ? new MqttClientTlsOptions { UseTls = false } : tls.CreateClientOptions(o.ConnectHost))
            .WithKeepAlivePeriod(o.KeepAlive)
            .WithTimeout(o.ConnectTimeout)
            .WithMaximumPacketSize((uint)(maxPacketBytes ?? o.MaxPacketBytes));

    private static MqttClientOptions Finish(MqttClientOptionsBuilder builder, MqttLinkOptions o)
    {
        if (!string.IsNullOrEmpty(o.Username))
            builder = builder.WithCredentials(o.Username, string.IsNullOrEmpty(o.PasswordFile) ? o.Password ?? string.Empty : MqttPasswordFile.Read(o.PasswordFile));
        var options = builder.Build();
        var tcp = (MqttClientTcpOptions)options.ChannelOptions;
        tcp.BufferSize = o.TcpBufferBytes;
        tcp.NoDelay = true;
        return options;
    }
}
