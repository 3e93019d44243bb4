using Microsoft.Extensions.Logging;
using MQTTnet;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>Topic filters and their handlers. Survives reconnects (the supervisor subscribes every filter again) and routes each received message.</summary>
internal sealed class MessageRouter(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MqttMessageHandler> _handlers = new(StringComparer.Ordinal);

    public void Set(string filter, MqttMessageHandler handler)
    {
        lock (_gate) _handlers[filter] = handler;
    }

    public bool Remove(string filter)
    {
        lock (_gate) return _handlers.Remove(filter);
    }

    public IReadOnlyList<string> Filters()
    {
        lock (_gate) return [.. _handlers.Keys];
    }

    /// <summary>Runs every handler whose filter matches; a failing handler is logged and does not stop the others.</summary>
    public async Task DispatchAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        KeyValuePair<string, MqttMessageHandler>[] matching;
        lock (_gate) matching = [.. _handlers.Where(h => TopicFilter.IsMatch(h.Key, message.Topic))];
        MqttMetrics.Received.Add(1, new KeyValuePair<string, object?>("handled", matching.Length > 0));
        if (matching.Length == 0)
        {
            MqttLog.Unhandled(logger, message.Topic);
            return;
        }

        var incoming = MqttMessages.ToIncoming(message);
        foreach (var (filter, handler) in matching)
        {
            try
            {
                await handler(incoming, cancellationToken);
            }
            catch (Exception e)
            {
                MqttLog.HandlerFailed(logger, filter, message.Topic, e);
            }
        }
    }
}
