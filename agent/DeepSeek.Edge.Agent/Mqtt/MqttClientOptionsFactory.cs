using System.Net;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Turns <see cref="MqttLinkOptions"/> into MQTTnet client options: MQTT 5, persistent session, last will, TLS, 1 MiB socket buffers.</summary>
internal static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttLinkOptions o, MqttTopics topics, DateTimeOffset startedAt, MqttTlsCertificates? tls)
    {
        var sessionExpiry = (uint)o.SessionExpiry.TotalSeconds;
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(o.EffectiveClientId)
            .WithEndPoint(IPAddress.TryParse(o.ConnectHost, out var ip) ? new IPEndPoint(ip, o.Port) : new DnsEndPoint(o.ConnectHost, o.Port))
            .WithTlsOptions(tls is null ? new MqttClientTlsOptions { UseTls = false } : tls.CreateClientOptions(o.ConnectHost))
            .WithKeepAlivePeriod(o.KeepAlive)
            .WithTimeout(o.ConnectTimeout)
            .WithCleanStart(sessionExpiry == 0)
            .WithSessionExpiryInterval(sessionExpiry)
            .WithMaximumPacketSize((uint)o.MaxPacketBytes)
            .WithWillTopic(topics.Status)
            .WithWillPayload(StatusPayload.Lost(o.DeviceId, startedAt))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (!string.IsNullOrEmpty(o.Username)) builder = builder.WithCredentials(o.Username, o.Password ?? string.Empty);
        var options = builder.Build();
        var tcp = (MqttClientTcpOptions)options.ChannelOptions;
        tcp.BufferSize = o.TcpBufferBytes;
        tcp.NoDelay = true;
        return options;
    }
}
