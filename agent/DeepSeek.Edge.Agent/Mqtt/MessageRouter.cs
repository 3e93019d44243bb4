using DeepSeek.Edge.Protocol.Topics;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace DeepSeek.Edge.Agent.Mqtt;

/// <summary>
/// Topic filters and their handlers. Survives reconnects (the supervisor subscribes every filter again) and routes each received
/// message to its handlers' lanes (<see cref="MessageLane"/>) without waiting for them: the MQTT receive loop never runs a handler.
/// </summary>
internal sealed class MessageRouter(ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (MqttMessageHandler Handler, MessageLane Lane)> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<Work>> _lanes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public void Set(string filter, MqttMessageHandler handler, MessageLane lane)
    {
        lock (_gate) _handlers[filter] = (handler, lane);
    }

    public bool Remove(string filter)
    {
        lock (_gate) return _handlers.Remove(filter);
    }

    public IReadOnlyList<string> Filters()
    {
        lock (_gate) return [.. _handlers.Keys];
    }

    /// <summary>Queues the message for every handler whose filter matches; returns at once.</summary>
    public void Dispatch(MqttApplicationMessage message)
    {
        KeyValuePair<string, (MqttMessageHandler Handler, MessageLane Lane)>[] matching;
        lock (_gate) matching = [.. _handlers.Where(h => TopicFilter.IsMatch(h.Key, message.Topic))];
        MqttMetrics.Received.Add(1, new KeyValuePair<string, object?>("handled", matching.Length > 0));
        if (matching.Length == 0)
        {
            MqttLog.Unhandled(logger, message.Topic);
            return;
        }

        var incoming = MqttMessages.ToIncoming(message);
        foreach (var (filter, (handler, lane)) in matching)
        {
            if (Lane(lane).Writer.TryWrite(new Work(filter, handler, incoming))) continue;
            MqttMetrics.Overflow.Add(1, new KeyValuePair<string, object?>("lane", lane.Name));
            MqttLog.LaneFull(logger, lane.Name, lane.Capacity, message.Topic);
        }
    }

    /// <summary>Stops the lanes' workers (the handler running now sees its token cancelled).</summary>
    public void Stop()
    {
        foreach (var lane in _lanes.Values) lane.Writer.TryComplete();
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped before.
        }
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
    }

    private Channel<Work> Lane(MessageLane lane) => _lanes.GetOrAdd(lane.Name, name =>
    {
        var channel = Channel.CreateBounded<Work>(new BoundedChannelOptions(lane.Capacity) { FullMode = BoundedChannelFullMode.Wait });
        var token = _stopping.Token;
        for (var i = 0; i < lane.Workers; i++) _ = Task.Run(() => WorkAsync(channel.Reader, token), CancellationToken.None);
        return channel;
    });

    private async Task WorkAsync(ChannelReader<Work> reader, CancellationToken stopping)
    {
        try
        {
            await foreach (var work in reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await work.Handler(work.Message, stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    MqttLog.HandlerFailed(logger, work.Filter, work.Message.Topic, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private sealed record Work(string Filter, MqttMessageHandler Handler, MqttIncoming Message);
}
