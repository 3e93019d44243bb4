using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace DeepSeek.Edge.Agent.Cli.Model;

/// <summary>
/// What a broker retains under some filters, read once: subscribes, collects the retained messages the broker sends until none
/// has arrived for <see cref="QuietPeriod"/> (at most <see cref="MaxWait"/>), then unsubscribes. Cleared topics are not retained,
/// so they never appear; messages published live meanwhile (not retained) are ignored.
/// </summary>
internal static class RetainedSnapshot
{
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>Topic to payload of every retained message under <paramref name="filters"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, byte[]>> ReadAsync(IMqttClient client, IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filters);
        var retained = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        long lastArrivalTicks = 0;
        Task Collect(MqttApplicationMessageReceivedEventArgs e)
        {
            if (e.ApplicationMessage.Retain && e.ApplicationMessage.Payload.Length > 0)
            {
                retained[e.ApplicationMessage.Topic] = e.ApplicationMessage.Payload.ToArray();
                Volatile.Write(ref lastArrivalTicks, clock.Elapsed.Ticks);
            }

            return Task.CompletedTask;
        }

        client.ApplicationMessageReceivedAsync += Collect;
        try
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in filters) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            var granted = await client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
            foreach (var item in granted.Items)
            {
                if ((int)item.ResultCode > (int)MqttClientSubscribeResultCode.GrantedQoS2)
                    throw new IOException($"the broker refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode}");
            }

            var subscribed = clock.Elapsed;
            while (clock.Elapsed - subscribed < MaxWait
                && clock.Elapsed - Max(subscribed, TimeSpan.FromTicks(Volatile.Read(ref lastArrivalTicks))) < QuietPeriod)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }

            var unsubscribe = new MqttClientUnsubscribeOptionsBuilder();
            foreach (var filter in filters) unsubscribe.WithTopicFilter(filter);
            await client.UnsubscribeAsync(unsubscribe.Build(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            client.ApplicationMessageReceivedAsync -= Collect;
        }

        return new Dictionary<string, byte[]>(retained, StringComparer.Ordinal);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
