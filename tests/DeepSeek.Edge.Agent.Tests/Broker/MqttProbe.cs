using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Tests.Broker;

/// <summary>The fleet console's side in tests: a plain MQTTnet client that subscribes and records what arrives, in order.</summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<ProbeMessage> _received = Channel.CreateUnbounded<ProbeMessage>();

    private MqttProbe(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            var props = m.UserProperties?.Select(p => KeyValuePair.Create(p.Name, p.ReadValueAsString())).ToArray() ?? [];
            _received.Writer.TryWrite(new ProbeMessage(m.Topic, m.Payload.ToArray(), m.Retain, m.ResponseTopic, m.CorrelationData, props));
            return Task.CompletedTask;
        };
    }

    public static Task<MqttProbe> ConnectAsync(int port, params string[] filters) => ConnectAsync(port, null, filters);

    /// <summary>Connects over TLS when <paramref name="tls"/> is given (e.g. with a client certificate), then subscribes every filter.</summary>
    public static async Task<MqttProbe> ConnectAsync(int port, MqttClientTlsOptions? tls, params string[] filters)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var probe = new MqttProbe(client);
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTcpServer("127.0.0.1", port)
            .WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8])
            .WithTimeout(TestTimeouts.Wait)
            .WithTlsOptions(tls ?? new MqttClientTlsOptions { UseTls = false })
            .Build(), timeout.Token);
        foreach (var filter in filters)
        {
            await client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, timeout.Token);
        }

        return probe;
    }

    /// <summary>The next received message (optionally the next one that matches), or <see cref="TimeoutException"/>.</summary>
    public async Task<ProbeMessage> NextAsync(Func<ProbeMessage, bool>? where = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        try
        {
            while (true)
            {
                var m = await _received.Reader.ReadAsync(timeout.Token);
                if (where is null || where(m)) return m;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching message within {TestTimeouts.Wait}");
        }
    }

    /// <summary>The next received message within <paramref name="wait"/>, or null when none came.</summary>
    public async Task<ProbeMessage?> TryNextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<ProbeMessage>> TakeAsync(int count)
    {
        var list = new List<ProbeMessage>(count);
        while (list.Count < count) list.Add(await NextAsync());
        return list;
    }

    /// <summary>Publishes with QoS 1 and returns the broker's PUBACK (e.g. reason NotAuthorized for a topic the ACL refuses).</summary>
    public async Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, string? responseTopic = null, byte[]? correlationData = null, bool retain = false)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain);
        if (responseTopic is not null) builder = builder.WithResponseTopic(responseTopic);
        if (correlationData is not null) builder = builder.WithCorrelationData(correlationData);
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        return await _client.PublishAsync(builder.Build(), timeout.Token);
    }

    /// <summary>
    /// Sends a request every 2 s until its answer arrives on <paramref name="responseTopic"/> (which this probe, or
    /// <paramref name="listener"/>, subscribes): a request sent before the agent's command subscription is in place is not
    /// delivered, since commands are not retained.
    /// </summary>
    public async Task<ProbeMessage> RequestAsync(string commandTopic, byte[] payload, string responseTopic, MqttProbe? listener = null)
    {
        var answer = (listener ?? this).NextAsync(m => m.Topic == responseTopic);
        while (!answer.IsCompleted)
        {
            await PublishAsync(commandTopic, payload, responseTopic, System.Text.Encoding.UTF8.GetBytes(responseTopic));
            await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        return await answer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
        }

        _client.Dispose();
    }
}
