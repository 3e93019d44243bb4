using System.Globalization;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

/// <summary>The outbox drained to a real mosquitto through the supervisor.</summary>
public sealed class OutboxForwarderTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-forwarder");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Forwarder_LinkDownThenUpTwice_DeliversEverythingOnceInSequenceOrder()
    {
        using var broker = MosquittoBroker.Start();
        using var relay = new TcpProxy(broker.Port, refusing: true);
        var linkOptions = TestLinks.Options(relay.Port);
        var options = TestOutboxes.Options(_dir.Path);
        using var outbox = TestOutboxes.Open(options);
        await using var link = TestLinks.Create(linkOptions);
        await using var forwarder = new OutboxForwarder(outbox, link, options, NullLogger<OutboxForwarder>.Instance, TimeProvider.System);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Telemetry, link.Topics.Events);
        await link.StartAsync(CancellationToken.None);
        await forwarder.StartAsync(CancellationToken.None);

        // Offline from the start: everything waits in the outbox.
        var first = EnqueueMixed(outbox, link.Topics, 300);
        relay.Resume();
        var firstDelivered = await console.TakeAsync(first.Count);
        await TestTimeouts.UntilAsync(() => outbox.Count == 0, "the outbox to empty after PUBACKs");

        // Cut again (no DISCONNECT), queue more while down, then let it reconnect.
        var lost = TestLinks.NthChange(link, 1, e => e.Previous == DeepSeek.Edge.Agent.Mqtt.MqttConnectionState.Connected);
        relay.Sever();
        await lost.WaitAsync(TestTimeouts.Wait);
        var second = EnqueueMixed(outbox, link.Topics, 200);
        relay.Resume();
        var secondDelivered = await console.TakeAsync(second.Count);
        await TestTimeouts.UntilAsync(() => outbox.Count == 0, "the outbox to empty after the reconnect");

        Assert.Equal(first, firstDelivered.Select(SequenceOf));
        Assert.Equal(second, secondDelivered.Select(SequenceOf));
        Assert.All(firstDelivered.Concat(secondDelivered), m => Assert.Equal(m.Json.GetProperty("seq").GetInt64(), SequenceOf(m)));
    }

    [Fact]
    public async Task Forwarder_AgentRestartsWithUndeliveredRecords_DeliversThemAfterReconnect()
    {
        using var broker = MosquittoBroker.Start();
        var options = TestOutboxes.Options(_dir.Path);
        var linkOptions = TestLinks.Options(broker.Port);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, "dsedge-test/devices/" + linkOptions.DeviceId + "/#");
        var topics = new DeepSeek.Edge.Protocol.Topics.MqttTopics(linkOptions.TopicPrefix, linkOptions.DeviceId);
        var crashed = TestOutboxes.Open(options);
        var queued = EnqueueMixed(crashed, topics, 50);
        crashed.Abandon();

        using var outbox = TestOutboxes.Open(options);
        await using var link = await TestLinks.StartConnectedAsync(linkOptions);
        await using var forwarder = new OutboxForwarder(outbox, link, options, NullLogger<OutboxForwarder>.Instance, TimeProvider.System);
        await forwarder.StartAsync(CancellationToken.None);
        var delivered = new List<ProbeMessage>();
        while (delivered.Count < queued.Count) delivered.Add(await console.NextAsync(m => m.Topic != topics.Status));

        Assert.Equal(queued, delivered.Select(SequenceOf));
    }

    [Fact]
    public async Task Forwarder_BrokerRefusesATopicUntilItsAclIsFixed_HoldsTheBacklogThenDeliversAll()
    {
        using var broker = MosquittoBroker.Start(acl: "topic deny dsedge-test/devices/+/alerts\ntopic readwrite #\n");
        var options = TestOutboxes.Options(_dir.Path);
        options.RetryDelay = TimeSpan.FromMilliseconds(100);
        options.RetryMaxDelay = TimeSpan.FromMilliseconds(400);
        using var outbox = TestOutboxes.Open(options);
        await using var link = await TestLinks.StartConnectedAsync(TestLinks.Options(broker.Port));
        await using var forwarder = new OutboxForwarder(outbox, link, options, NullLogger<OutboxForwarder>.Instance, TimeProvider.System);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Device + "/#");
        var first = outbox.Enqueue(link.Topics.Events, OutboxPriority.Event, TestOutboxes.Payload("before"));
        var refused = outbox.Enqueue(link.Topics.Device + "/alerts", OutboxPriority.Alert, TestOutboxes.Payload("refused"));
        var last = outbox.Enqueue(link.Topics.Events, OutboxPriority.Event, TestOutboxes.Payload("after"));

        using var refusals = new InstrumentSum("dsedge.outbox.messages.refused", "reason", "not_authorized");
        await forwarder.StartAsync(CancellationToken.None);
        Assert.Equal(first, SequenceOf(await console.NextAsync(m => m.Topic != link.Topics.Status)));
        await TestTimeouts.UntilAsync(() => refusals.Sum >= 3, "the broker to refuse the alert three times"); // held and retried, not dropped
        Assert.Equal(1, outbox.Count); // the alert is held; the event behind it was acknowledged, so it is not sent again
        Assert.Equal(0, outbox.DiscardedMessages);

        broker.ReloadAcl("topic readwrite #\n"); // the operator fixes the ACL; mosquitto reloads it on SIGHUP
        var refusedCopy = await console.NextAsync(m => m.Topic == link.Topics.Device + "/alerts");
        await TestTimeouts.UntilAsync(() => outbox.Count == 0, "the outbox to empty once the ACL allows the alert");

        Assert.Equal(refused, SequenceOf(refusedCopy));
        Assert.Equal(0, outbox.DiscardedMessages);
        Assert.True(last > refused);
    }

    internal static long SequenceOf(ProbeMessage m) => long.Parse(m.Property("seq")!, CultureInfo.InvariantCulture);

    /// <summary>Telemetry with an event every 7th and an alert every 50th message; returns the sequence numbers in order.</summary>
    internal static List<long> EnqueueMixed(DeepSeek.Edge.Agent.Outbox.Outbox outbox, DeepSeek.Edge.Protocol.Topics.MqttTopics topics, int count)
    {
        var list = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            var (topic, priority) = i % 50 == 49 ? (topics.Events, OutboxPriority.Alert)
                : i % 7 == 6 ? (topics.Events, OutboxPriority.Event)
                : (topics.Telemetry, OutboxPriority.Telemetry);
            list.Add(outbox.Enqueue(topic, priority, TestOutboxes.Payload("m" + i, 100)));
        }

        return list;
    }
}
