using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// MQTTnet's broker in-process, for the one-machine demo (<c>"Broker": "embedded"</c>): plain MQTT on
/// <see cref="MqttLinkOptions.EmbeddedBindAddress"/>:<see cref="MqttLinkOptions.Port"/>, persistent sessions,
/// retained messages in memory. Register it before the supervisor so it starts first and stops last.
/// </summary>
public sealed class EmbeddedBroker : IHostedService, IAsyncDisposable
{
    private readonly MqttLinkOptions _options;
    private readonly ILogger _logger;
    private MqttServer? _server;

    public EmbeddedBroker(MqttLinkOptions options, ILogger<EmbeddedBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
    }

    public bool IsRunning => _server?.IsStarted == true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) return;
        var address = IPAddress.Parse(_options.EmbeddedBindAddress);
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(_options.Port)
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(100_000);
        // Exactly the configured address: IPAddress.None turns the other family's listener off.
        builder = address.AddressFamily == AddressFamily.InterNetworkV6
            ? builder.WithDefaultEndpointBoundIPV6Address(address).WithDefaultEndpointBoundIPAddress(IPAddress.None)
            : builder.WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointBoundIPV6Address(IPAddress.None);

        var server = new MqttServerFactory().CreateMqttServer(builder.Build());
        await server.StartAsync();
        _server = server;
        MqttLog.EmbeddedStarted(_logger, address.ToString(), _options.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = _server;
        _server = null;
        if (server is null) return;
        await server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        server.Dispose();
        MqttLog.EmbeddedStopped(_logger);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
