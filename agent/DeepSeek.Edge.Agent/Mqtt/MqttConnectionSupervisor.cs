using DeepSeek.Edge.Agent.Hosting;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Protocol.Documents.Local;
using DeepSeek.Edge.Protocol.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using Polly;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// Keeps one MQTT 5 connection to the broker: connects (retained online status, last will = retained offline status),
/// subscribes the registered filters again after every connect, and reconnects with backoff (pipeline <c>mqtt-connect</c>)
/// whenever the connection is lost. Publishing, subscribing and request/response go through it.
/// </summary>
public sealed class MqttConnectionSupervisor : IHostedService, IAsyncDisposable
{
    private readonly MqttLinkOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IMqttClient _client;
    private readonly MqttTlsCertificates? _tls;
    private readonly ResiliencePipeline _connect;
    private readonly MessageRouter _router;
    private readonly Lock _gate = new();
    private readonly LinkState _state;
    private readonly SessionHandshake _handshake;
    private readonly LoopPulse? _pulse;
    private readonly LinkHistory _history;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private int _connects;
    private int _receiveMaximum = ushort.MaxValue;
    private long _maximumPacketSize;

    public MqttConnectionSupervisor(MqttLinkOptions options, ILogger<MqttConnectionSupervisor> logger, TimeProvider timeProvider, Liveness? liveness = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));

        _options = options;
        _logger = logger;
        _time = timeProvider;
        _router = new MessageRouter(logger);
        _state = new LinkState(RaiseStateChanged);
        _history = new LinkHistory(timeProvider);
        Topics = new MqttTopics(options.TopicPrefix, options.DeviceId);
        StartedAt = timeProvider.GetUtcNow();
        _tls = options.Tls.Enabled ? new MqttTlsCertificates(options.Tls) : null;
        if (_tls is { AllowsUntrusted: true }) MqttLog.UntrustedTlsAllowed(logger, "any certificate, also a forged one, is accepted; never use this in production");
        _connect = MqttConnectPipeline.Create(options, timeProvider, OnRetryAsync);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _handshake = new SessionHandshake(_client, options, Topics, StartedAt, _tls, timeProvider, logger);
        _pulse = liveness?.Register("mqtt_supervisor", StallAfter(options));
    }

    /// <summary>
    /// The longest the loop may go without a beat: it beats at each connect attempt and at each keep-alive check of a
    /// connection, and pauses at most <see cref="MqttLinkOptions.ReconnectMaxDelay"/> between attempts.
    /// </summary>
    public static TimeSpan StallAfter(MqttLinkOptions options) =>
        2 * (options.ReconnectMaxDelay + options.ConnectTimeout + options.KeepAlive) + TimeSpan.FromSeconds(30);

    /// <summary>How long one request (a publish waiting for its PUBACK, a subscribe) may wait for the broker's answer.</summary>
    public TimeSpan RequestTimeout => _options.ConnectTimeout;

    /// <summary>Raised on every state change (also for each failed attempt, with <see cref="MqttConnectionStateChangedEventArgs.Error"/>). Keep handlers short.</summary>
    public event EventHandler<MqttConnectionStateChangedEventArgs>? StateChanged;

    public MqttTopics Topics { get; }

    /// <summary>When this agent run started (reported in the status document).</summary>
    public DateTimeOffset StartedAt { get; }

    public MqttConnectionState State => _state.Current;

    public bool IsConnected => State == MqttConnectionState.Connected && _client.IsConnected;

    /// <summary>How many QoS 1 publishes the broker accepts in flight (its CONNACK receive maximum).</summary>
    public int ServerReceiveMaximum => Volatile.Read(ref _receiveMaximum);

    /// <summary>The largest packet the broker takes (its CONNACK maximum packet size), or 0 when it set none.</summary>
    public long ServerMaximumPacketSize => Interlocked.Read(ref _maximumPacketSize);

    /// <summary>The link as the status page shows it: state, connections since start, why the last one ended and the latest attempt failed.</summary>
    public BrokerLink Link()
    {
        var (connects, since, disconnectAt, disconnectReason, connectError) = _history.Read();
        var state = State;
        return new BrokerLink($"{_options.ConnectHost}:{_options.Port}", state.ToString().ToLowerInvariant(), IsConnected, connects, Math.Max(connects - 1, 0))
        {
            ConnectedSince = state == MqttConnectionState.Connected ? since : null,
            LastDisconnectAt = disconnectAt,
            LastDisconnectReason = SecretRedaction.Redact(disconnectReason),
            LastConnectError = state == MqttConnectionState.Connected ? null : SecretRedaction.Redact(connectError),
        };
    }

    /// <summary>Starts the connection loop and returns at once: the agent runs offline until the broker is reachable.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state.Current == MqttConnectionState.Stopped) throw new InvalidOperationException("the MQTT link was stopped; create a new one");
            if (_loop is not null) return Task.CompletedTask;
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _loop = Task.Run(
                () => GuardedLoop.RunAsync("mqtt_supervisor", ConnectAndWatchAsync, _options.ReconnectMaxDelay, _options.ReconnectMaxDelay, _logger, _time, token, _pulse),
                CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops reconnecting, publishes the retained offline status ("stopped") and disconnects normally (no last will).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
        {
            if (_state.Current == MqttConnectionState.Stopped) return;
            loop = _loop;
        }

        if (_stopping is not null) await _stopping.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _router.Stop();
        var published = await _handshake.CloseAsync(cancellationToken);
        _state.Set(MqttConnectionState.Stopped, null);
        MqttLog.Stopped(_logger, published);
    }

    /// <summary>Completes when the link is connected (online status sent, subscriptions in place).</summary>
    /// <exception cref="MqttLinkUnavailableException">The link was stopped.</exception>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        return _state.WhenConnected(cancellationToken);
    }

    /// <summary>Publishes and, for QoS 1, waits for the PUBACK.</summary>
    /// <exception cref="MqttLinkUnavailableException">Not connected, or the connection broke before the broker answered.</exception>
    public async Task<MqttPublishStatus> PublishAsync(MqttOutgoing message, CancellationToken cancellationToken) =>
        (await PublishForReasonAsync(message, cancellationToken)).Status;

    /// <summary>Like <see cref="PublishAsync"/>, with the broker's reason code (e.g. <c>NotAuthorized</c>).</summary>
    /// <exception cref="MqttLinkUnavailableException">Not connected, or the connection broke before the broker answered.</exception>
    public async Task<(MqttPublishStatus Status, string Reason)> PublishForReasonAsync(MqttOutgoing message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_client.IsConnected)
        {
            MqttMetrics.Published.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new MqttLinkUnavailableException($"cannot publish on {message.Topic}: the MQTT link is not connected");
        }

        MqttClientPublishResult result;
        try
        {
            result = await _client.PublishAsync(MqttMessages.ToApplicationMessage(message), cancellationToken);
        }
        catch (MqttCommunicationException e)
        {
            MqttMetrics.Published.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new MqttLinkUnavailableException($"publish on {message.Topic} failed: {e.Message}", e);
        }

        var status = MqttMessages.Classify(result.ReasonCode);
        MqttMetrics.Published.Add(1, new KeyValuePair<string, object?>("result", MqttMessages.MetricTag(status)));
        if (status != MqttPublishStatus.Accepted) MqttLog.PublishRefused(_logger, message.Topic, result.ReasonCode.ToString(), result.ReasonString);
        return (status, result.ReasonCode.ToString());
    }

    /// <summary>
    /// Opens a separate clean-session connection to the same broker (same credentials and TLS, client id with
    /// <c>-transfer</c> appended) for one bulk transfer; every message it receives goes to <paramref name="handler"/>.
    /// </summary>
    /// <exception cref="MqttLinkUnavailableException">The broker cannot be reached or refused the connection.</exception>
    /// <remarks>
    /// <paramref name="maxPacketBytes"/> is the MQTT 5 maximum packet size the connection declares (at most <c>Mqtt:MaxPacketBytes</c>):
    /// the broker does not send it a larger message.
    /// </remarks>
    public Task<MqttTransferClient> OpenTransferAsync(MqttMessageHandler handler, long maxPacketBytes, CancellationToken cancellationToken) =>
        MqttTransferClient.ConnectAsync(MqttClientOptionsFactory.CreateTransfer(_options, _tls, maxPacketBytes), handler, cancellationToken);

    /// <summary>Registers a handler for a topic filter (QoS 1) and subscribes now if connected; it is subscribed again after every reconnect.</summary>
    public Task SubscribeAsync(string filter, MqttMessageHandler handler, CancellationToken cancellationToken) =>
        SubscribeAsync([filter], handler, MessageLane.Default, cancellationToken);

    /// <summary>Registers a handler for a topic filter whose messages wait in <paramref name="lane"/>.</summary>
    public Task SubscribeAsync(string filter, MqttMessageHandler handler, MessageLane lane, CancellationToken cancellationToken) =>
        SubscribeAsync([filter], handler, lane, cancellationToken);

    /// <summary>Registers one handler for many topic filters and subscribes them in one SUBSCRIBE when connected.</summary>
    public Task SubscribeAsync(IReadOnlyList<string> filters, MqttMessageHandler handler, CancellationToken cancellationToken) =>
        SubscribeAsync(filters, handler, MessageLane.Default, cancellationToken);

    /// <summary>Registers one handler, whose messages wait in <paramref name="lane"/>, for many topic filters; one SUBSCRIBE when connected.</summary>
    public async Task SubscribeAsync(IReadOnlyList<string> filters, MqttMessageHandler handler, MessageLane lane, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(handler);
        foreach (var filter in filters)
        {
            ArgumentException.ThrowIfNullOrEmpty(filter);
            _router.Set(filter, handler, lane);
        }

        if (!_client.IsConnected || filters.Count == 0) return;
        try
        {
            await _handshake.SubscribeAsync(filters, cancellationToken);
        }
        catch (MqttCommunicationException)
        {
            // The link dropped meanwhile; the next connect subscribes every registered filter.
        }
    }

    public Task UnsubscribeAsync(string filter, CancellationToken cancellationToken) => UnsubscribeAsync([filter], cancellationToken);

    /// <summary>Drops the handlers of these filters and unsubscribes them in one UNSUBSCRIBE when connected.</summary>
    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var removed = filters.Where(_router.Remove).ToArray();
        if (removed.Length == 0 || !_client.IsConnected) return;
        var options = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var filter in removed) options.WithTopicFilter(filter);
        try
        {
            await _client.UnsubscribeAsync(options.Build(), cancellationToken);
        }
        catch (MqttCommunicationException)
        {
        }
    }

    /// <summary>
    /// Answers a request: QoS 1 to its response topic (or this device's <c>responses</c> topic when it has none),
    /// with its correlation data copied.
    /// </summary>
    public Task<MqttPublishStatus> RespondAsync(MqttIncoming request, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topic = string.IsNullOrEmpty(request.ResponseTopic) ? Topics.Responses : request.ResponseTopic;
        if (ResponseTopicPolicy.Refusal(topic, Topics, _options.ResponseNamespaces) is { } refusal)
        {
            MqttMetrics.ResponsesRefused.Add(1, new KeyValuePair<string, object?>("reason", refusal));
            MqttLog.ResponseTopicRefused(_logger, request.Topic, topic, refusal);
            return Task.FromResult(MqttPublishStatus.Rejected);
        }

        return PublishAsync(new MqttOutgoing
        {
            Topic = topic,
            Payload = payload,
            CorrelationData = request.CorrelationData,
            UserProperties = [new("device", _options.DeviceId)],
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout))
        {
            await StopAsync(timeout.Token);
        }

        _router.Dispose();
        _client.Dispose();
        _tls?.Dispose();
        _stopping?.Dispose();
    }

    /// <summary>One pass of the loop: connect (retried with backoff), watch the connection until it is lost, pause.</summary>
    private async Task ConnectAndWatchAsync(CancellationToken stop)
    {
        Task lost = Task.CompletedTask;
        await _connect.ExecuteAsync(async ct => lost = await ConnectOnceAsync(ct), stop);
        await WaitForLossAsync(lost, stop);
        _state.Set(MqttConnectionState.Disconnected, null);
        await Task.Delay(Jittered(_options.ReconnectMinDelay), _time, stop);
    }

    /// <summary>One attempt: CONNECT, online status, subscriptions. Returns the task that completes when this connection is lost.</summary>
    private async ValueTask<Task> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var lost = _state.BeginAttempt();
        try
        {
            var filters = _router.Filters();
            var result = await _handshake.OpenAsync(filters, cancellationToken);

            // A filter registered while the connect was under way saw no link and was not in the list: subscribe it now.
            var late = _router.Filters().Except(filters).ToArray();
            if (late.Length > 0) await _handshake.SubscribeAsync(late, cancellationToken);
            Volatile.Write(ref _receiveMaximum, result.ReceiveMaximum is > 0 ? result.ReceiveMaximum.Value : ushort.MaxValue);
            Interlocked.Exchange(ref _maximumPacketSize, result.MaximumPacketSize ?? 0);
            MqttMetrics.Connects.Add(1, new KeyValuePair<string, object?>("kind", Interlocked.Increment(ref _connects) == 1 ? "first" : "reconnect"));
            _history.Connected();
            _state.Set(MqttConnectionState.Connected, null);
            return lost;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _history.ConnectFailed(e.Message);
            _state.Set(MqttConnectionState.Disconnected, e);
            throw;
        }
    }

    private async Task WaitForLossAsync(Task lost, CancellationToken stop)
    {
        while (true)
        {
            _pulse?.Beat();
            var tick = Task.Delay(_options.KeepAlive, _time, stop);
            if (await Task.WhenAny(lost, tick) == lost) return;
            await tick;
            if (!_client.IsConnected)
            {
                if (_state.MarkLost(null)) _history.Disconnected("the keep-alive check found the connection gone");
                return;
            }
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (!e.ClientWasConnected || !_state.MarkLost(e.Exception)) return Task.CompletedTask;
        _history.Disconnected(e.Exception?.Message is { } error ? $"{e.Reason}: {error}" : e.ReasonString is { Length: > 0 } text ? $"{e.Reason}: {text}" : e.Reason.ToString());
        MqttMetrics.Disconnects.Add(1, new KeyValuePair<string, object?>("reason", e.Reason.ToString()));
        if (_stopping?.IsCancellationRequested != true) MqttLog.ConnectionLost(_logger, e.Reason.ToString(), e.Exception?.Message ?? e.ReasonString);
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        _router.Dispatch(e.ApplicationMessage);
        return Task.CompletedTask;
    }

    private ValueTask OnRetryAsync(Polly.Retry.OnRetryArguments<object> args)
    {
        _pulse?.Beat();
        MqttLog.ConnectFailed(_logger, _options.ConnectHost, _options.Port, args.AttemptNumber + 1,
            args.Outcome.Exception?.Message ?? "unknown", args.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private static TimeSpan Jittered(TimeSpan delay) => delay * (0.5 + Random.Shared.NextDouble());

    private void RaiseStateChanged(MqttConnectionStateChangedEventArgs change)
    {
        try
        {
            StateChanged?.Invoke(this, change);
        }
        catch (Exception e)
        {
            MqttLog.StateHandlerFailed(_logger, e);
        }
    }
}
