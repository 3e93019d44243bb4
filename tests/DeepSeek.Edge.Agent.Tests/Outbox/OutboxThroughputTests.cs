using System.Diagnostics;
using DeepSeek.Edge.Agent.Outbox;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Outbox;

[CollectionDefinition(nameof(OutboxThroughputTests), DisableParallelization = true)]
public sealed class OutboxThroughputCollection;

/// <summary>
/// Many messages through outbox, forwarder and mosquitto on loopback, checked for completeness and order. The rates it prints
/// are a measurement for the record, not an assertion; it runs alone so other tests do not skew them.
/// </summary>
[Collection(nameof(OutboxThroughputTests))]
public sealed class OutboxThroughputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-throughput");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Forwarder_Connected_DeliversBurstInOrderAndSingleMessagesPromptly()
    {
        const int burst = 20_000;
        const int singles = 200;
        using var broker = MosquittoBroker.Start();
        var options = TestOutboxes.Options(_dir.Path);
        using var outbox = TestOutboxes.Open(options);
        await using var link = await TestLinks.StartConnectedAsync(TestLinks.Options(broker.Port));
        await using var forwarder = new OutboxForwarder(outbox, link, options, NullLogger<OutboxForwarder>.Instance, TimeProvider.System);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, link.Topics.Telemetry);
        await forwarder.StartAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var sent = new List<long>(burst);
        for (var i = 0; i < burst; i++) sent.Add(outbox.Enqueue(link.Topics.Telemetry, OutboxPriority.Telemetry, TestOutboxes.Payload("b", 150)));
        var enqueueSeconds = clock.Elapsed.TotalSeconds;
        var receiving = console.TakeAsync(burst);
        await TestTimeouts.UntilAsync(() => outbox.Count == 0, "every PUBACK");
        var ackedSeconds = clock.Elapsed.TotalSeconds;
        var received = await receiving;
        var burstSeconds = clock.Elapsed.TotalSeconds;

        var latencies = new List<double>(singles);
        for (var i = 0; i < singles; i++)
        {
            var one = Stopwatch.StartNew();
            var seq = outbox.Enqueue(link.Topics.Telemetry, OutboxPriority.Telemetry, TestOutboxes.Payload("s", 150));
            var m = await console.NextAsync();
            latencies.Add(one.Elapsed.TotalMilliseconds);
            Assert.Equal(seq, OutboxForwarderTests.SequenceOf(m));
        }

        latencies.Sort();
        output.WriteLine($"burst: {burst} messages (~{received[0].Payload.Length} B payload) enqueued in {enqueueSeconds:F2} s ({burst / enqueueSeconds:F0}/s), all PUBACKed (outbox empty) after {ackedSeconds:F2} s ({burst / ackedSeconds:F0} msg/s), all at a QoS 1 subscriber after {burstSeconds:F2} s ({burst / burstSeconds:F0} msg/s)");
        output.WriteLine($"single messages while connected and idle, enqueue to subscriber: median {latencies[singles / 2]:F2} ms, p95 {latencies[singles * 95 / 100]:F2} ms");
        Assert.Equal(sent, received.Select(OutboxForwarderTests.SequenceOf));
    }
}
