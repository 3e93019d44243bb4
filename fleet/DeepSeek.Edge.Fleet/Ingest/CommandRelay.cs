using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Fleet.Configuration;
using DeepSeek.Edge.Fleet.Mqtt;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Fleet.Ingest;

/// <summary>
/// Relays a request/response command to a device: publishes it on the device's command topic with this replica's response
/// topic under the device's own responses (<c>&lt;p&gt;/devices/&lt;id&gt;/responses/&lt;client id&gt;</c>) and a correlation id, and
/// waits for the answer with that id.
/// </summary>
public sealed class CommandRelay(FleetOptions options, FleetBroker broker)
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
        { "ping", "status", "snapshot", "set", "restart-pipeline", "rollback", "log-level" };

    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new(StringComparer.Ordinal);

    public async Task<CommandResponse> SendAsync(string device, string verb, JsonObject? args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Verbs.Contains(verb)) throw new ArgumentException($"\"{verb}\" is not a command; use one of {string.Join(", ", Verbs.Order(StringComparer.Ordinal))}");
        var topics = new MqttTopics(options.TopicPrefix, device);
        var correlation = Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = answer;
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topics.Command(verb))
                .WithPayload(ProtocolJson.Write(new CommandRequest(args)))
                .WithContentType("application/json")
                .WithResponseTopic($"{topics.Responses}/{options.EffectiveClientId}")
                .WithCorrelationData(System.Text.Encoding.ASCII.GetBytes(correlation))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await broker.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            var payload = await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return ProtocolJson.ReadDocument<CommandResponse>(payload, "command response");
        }
        finally
        {
            _pending.TryRemove(correlation, out _);
        }
    }

    public void Complete(byte[] correlation, byte[] payload)
    {
        if (_pending.TryRemove(System.Text.Encoding.ASCII.GetString(correlation), out var answer)) answer.TrySetResult(payload);
    }
}
