using DeepSeek.Edge.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// What the agent says at the edges of a session: CONNECT (with the offline last will), the retained online status and
/// the SUBSCRIBEs on the way in; the retained "stopped" status and a normal DISCONNECT (which suppresses the will) on the way out.
/// </summary>
internal sealed class SessionHandshake(
    IMqttClient client, MqttLinkOptions options, MqttTopics topics, DateTimeOffset startedAt, MqttTlsCertificates? tls, TimeProvider time, ILogger logger)
{
    /// <exception cref="MqttLinkUnavailableException">The broker refused the connection.</exception>
    public async Task<MqttClientConnectResult> OpenAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        MqttLog.Connecting(logger, options.ConnectHost, options.Port, options.EffectiveClientId, tls is not null);
        if (tls is { AllowsUntrusted: true }) MqttLog.UntrustedTlsAllowed(logger, $"connecting to {options.ConnectHost}:{options.Port}");
        try
        {
            var result = await client.ConnectAsync(MqttClientOptionsFactory.Create(options, topics, startedAt, tls), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new MqttLinkUnavailableException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
            await client.PublishAsync(Status(StatusPayload.Online(options.DeviceId, startedAt, time.GetUtcNow(), options.Groups)), cancellationToken);
            if (filters.Count > 0) await SubscribeAsync(filters, cancellationToken);
            MqttLog.Connected(logger, options.ConnectHost, options.Port, options.EffectiveClientId, result.IsSessionPresent, filters.Count);
            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            MqttMetrics.ConnectFailures.Add(1, new KeyValuePair<string, object?>("error", e.GetType().Name));
            await DisconnectAsync(MqttClientDisconnectOptionsReason.UnspecifiedError, CancellationToken.None);
            throw;
        }
    }

    public async Task SubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder = builder.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        }

        var result = await client.SubscribeAsync(builder.Build(), cancellationToken);
        foreach (var item in result.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                MqttLog.SubscribeRefused(logger, item.TopicFilter.Topic, item.ResultCode.ToString());
            else
                MqttLog.Subscribed(logger, item.TopicFilter.Topic);
        }
    }

    /// <summary>Publishes the retained "stopped" status and disconnects normally; false when the link was already gone.</summary>
    public async Task<bool> CloseAsync(CancellationToken cancellationToken)
    {
        if (!client.IsConnected) return false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await client.PublishAsync(Status(StatusPayload.Stopped(options.DeviceId, startedAt, time.GetUtcNow())), timeout.Token);
            await DisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DisconnectAsync(MqttClientDisconnectOptionsReason reason, CancellationToken cancellationToken)
    {
        if (!client.IsConnected) return;
        try
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(reason).Build(), cancellationToken);
        }
        catch (MqttCommunicationException)
        {
        }
    }

    private MqttApplicationMessage Status(byte[] payload) =>
        MqttMessages.ToApplicationMessage(new MqttOutgoing { Topic = topics.Status, Payload = payload, Retain = true });
}
