using DeepSeek.Edge.Distribution;
using System.Collections.Concurrent;
using DeepSeek.Edge.Fleet.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Fleet.Mqtt;

/// <summary>
/// The console's one MQTT 5 connection: a persistent session (so QoS 1 messages that arrive while it is away are kept by the
/// broker), a 1 MiB TCP buffer, a reconnect loop with capped backoff, its subscriptions renewed on every connect, and manual
/// acknowledgement: a message is acknowledged only after the handler says it is stored. On a broker without MQTT 5 shared
/// subscriptions (MQTTnet's embedded broker, the console's own <c>embedded</c> or an agent's) a <c>$share/&lt;group&gt;/</c>
/// filter is subscribed plainly, with a warning: one replica then gets every message (several would each store it once).
/// </summary>
public sealed class FleetBroker : BackgroundService
{
    private readonly FleetOptions _options;
    private readonly ILogger<FleetBroker> _logger;
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, MqttQualityOfServiceLevel> _subscriptions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<MqttApplicationMessageReceivedEventArgs, Task>? _handler;
    private volatile bool _sharedAvailable = true;

    public FleetBroker(FleetOptions options, ILogger<FleetBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Completes when the first connection (with its subscriptions) is up.</summary>
    public Task Connected => _firstConnect.Task;

    /// <summary>The one receiver of every message; it acknowledges (or not) through the event's AcknowledgeAsync.</summary>
    public void OnMessage(Func<MqttApplicationMessageReceivedEventArgs, Task> handler) => _handler = handler;

    /// <summary>Adds a subscription, kept across reconnects; subscribes now when connected.</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancellationToken)
    {
        _subscriptions[filter] = MqttQualityOfServiceLevel.AtLeastOnce;
        if (_client.IsConnected) await SubscribeAllAsync([filter], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes and waits for the PUBACK; throws <see cref="IOException"/> when not connected or refused.</summary>
    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_client.IsConnected) throw new IOException($"not connected to the broker {_options.Broker}; {message.Topic} is not published yet");
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new IOException($"the broker refused {message.Topic}: {result.ReasonCode} {result.ReasonString}");
    }

    public IMqttClient Client => _client;

    /// <summary>Runs on every new connection, before the subscriptions are renewed (their retained messages follow it).</summary>
    public Action? BeforeSubscribe { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectAsync(stoppingToken).ConfigureAwait(false);
                    delay = TimeSpan.FromMilliseconds(250);
                    _firstConnect.TrySetResult();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("broker {Broker}: {Error}; retrying in {Delay:0.0} s", _options.Broker, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_client.IsConnected)
        {
            try
            {
                // Leave the shared subscriptions first: the session outlives the connection, and a broker keeps handing a
                // stopped member its share (queued until it is back); unsubscribed, the other replicas get all of it.
                var shared = _sharedAvailable ? _subscriptions.Keys.Where(IsShared).ToList() : [];
                if (shared.Count > 0)
                {
                    var leave = new MqttClientUnsubscribeOptionsBuilder();
                    foreach (var filter in shared) leave.WithTopicFilter(filter);
                    await _client.UnsubscribeAsync(leave.Build(), cancellationToken).ConfigureAwait(false);
                }

                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
            }
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var address = _options.Broker == "embedded"
            ? new BrokerAddress("127.0.0.1", _options.EmbeddedBrokerPort)
            : BrokerAddress.TryParse(_options.Broker, out var parsed) ? parsed : throw new InvalidOperationException($"Broker \"{_options.Broker}\" is not HOST:PORT");
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer(address.Host, address.Port)
            .WithClientId(_options.EffectiveClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(15));
        if (_options.BrokerUsername is not null)
            builder = builder.WithCredentials(_options.BrokerUsername, _options.BrokerPasswordFile is null ? null : File.ReadAllText(_options.BrokerPasswordFile).TrimEnd('\r', '\n'));
        var options = builder.Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
        var result = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
            throw new IOException($"connect refused: {result.ResultCode} {result.ReasonString}");
        _logger.LogInformation("broker {Broker}: connected as {ClientId} (session {Session})", address, _options.EffectiveClientId,
            result.IsSessionPresent ? "resumed" : "new");
        _sharedAvailable = result.SharedSubscriptionAvailable;
        if (!_sharedAvailable) NoSharedSubscriptions(address.ToString());
        BeforeSubscribe?.Invoke();
        await SubscribeAllAsync(_subscriptions.Keys.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task SubscribeAllAsync(IReadOnlyCollection<string> filters, CancellationToken cancellationToken)
    {
        if (filters.Count == 0) return;
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters.Select(f => _sharedAvailable ? f : Plain(f)).Distinct(StringComparer.Ordinal))
            builder.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        var result = await _client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        var unsupported = result.Items.Where(i => i.ResultCode == MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported).ToList();
        foreach (var item in result.Items.Where(i => (int)i.ResultCode > 2 && i.ResultCode != MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported))
            _logger.LogError("broker: subscription {Filter} refused ({Code}); the console's MQTT identity needs read access to it", item.TopicFilter.Topic, item.ResultCode);
        if (unsupported.Count > 0)
        {
            // The CONNACK said it could, the SUBACK says it cannot: take the same topics plainly.
            _sharedAvailable = false;
            NoSharedSubscriptions(_options.Broker);
            await SubscribeAllAsync(unsupported.Select(i => i.TopicFilter.Topic).ToList(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsShared(string filter) => filter.StartsWith("$share/", StringComparison.Ordinal);

    /// <summary><c>$share/&lt;group&gt;/a/b</c> → <c>a/b</c>; any other filter as it is.</summary>
    private static string Plain(string filter) => IsShared(filter) && filter.IndexOf('/', 7) is var slash and > 7 ? filter[(slash + 1)..] : filter;

    private void NoSharedSubscriptions(string broker) =>
        _logger.LogWarning("broker {Broker} has no MQTT 5 shared subscriptions: telemetry, events and captures are subscribed plainly, so every console replica on it receives all of them (each stored once); run one replica on such a broker, or use one with shared subscriptions (mosquitto 2) to split the load", broker);

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (_handler is null) return Task.CompletedTask;
        e.AutoAcknowledge = false;
        return _handler(e);
    }
}
