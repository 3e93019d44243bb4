using MQTTnet;
using MQTTnet.Exceptions;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// A second connection to the broker for one bulk transfer (a model package's chunks), opened by
/// <see cref="MqttConnectionSupervisor.OpenTransferAsync"/>. It keeps the chunks off the agent's own connection (telemetry and
/// commands do not queue behind megabytes of chunks) and has a clean session that ends with it: when the agent is killed in the
/// middle, the broker forgets the rest of the chunks instead of queueing them for a session that would receive them twice.
/// Messages go to one handler, one at a time; each is acknowledged when the handler returns.
/// </summary>
public sealed class MqttTransferClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly TaskCompletionSource<Exception> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttTransferClient(IMqttClient client, MqttMessageHandler handler, CancellationToken stopping)
    {
        _client = client;
        client.ApplicationMessageReceivedAsync += e => handler(MqttMessages.ToIncoming(e.ApplicationMessage), stopping);
        client.DisconnectedAsync += e =>
        {
            _lost.TrySetResult(new IOException($"the transfer connection to the broker was lost ({e.Reason}{(e.Exception is null ? "" : ": " + e.Exception.Message)})"));
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes with the reason when the connection is lost (never when it is closed by <see cref="DisposeAsync"/>).</summary>
    public Task<Exception> Lost => _lost.Task;

    internal static async Task<MqttTransferClient> ConnectAsync(MqttClientOptions options, MqttMessageHandler handler, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var transfer = new MqttTransferClient(client, handler, cancellationToken);
        try
        {
            var result = await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new MqttLinkUnavailableException($"the broker refused the transfer connection: {result.ResultCode} {result.ReasonString}");
            return transfer;
        }
        catch (MqttCommunicationException e)
        {
            client.Dispose();
            throw new MqttLinkUnavailableException($"the transfer connection to the broker failed: {e.Message}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Subscribes every filter (QoS 1) in one SUBSCRIBE; retained messages on them arrive at once.</summary>
    public async Task SubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) builder = builder.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        var result = await _client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        var refused = result.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2);
        if (refused is not null)
            throw new MqttLinkUnavailableException($"the broker refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}; check the broker's ACL for this device");
    }

    public async ValueTask DisposeAsync()
    {
        _lost.TrySetCanceled();
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (MqttCommunicationException)
        {
            // Gone already: nothing to close.
        }
        finally
        {
            _client.Dispose();
        }
    }
}
