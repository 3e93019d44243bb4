using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// Store-and-forward with real processes: the agent publishes steadily (face events at frame rate, telemetry every
/// second), the broker goes away, the agent is killed with SIGKILL and restarted while offline, the broker comes back,
/// and every sequence number must arrive: once after de-duplication by <c>(device, epoch, seq)</c>, and in order. A copy
/// must be the same message (a reused number would carry another payload), and the epoch never changes (the outbox was kept).
/// </summary>
public sealed class OutageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-outage");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BrokerOutageWithKillDashNine_EverySequenceNumberArrivesOnceInOrder()
    {
        using var broker = MosquittoBroker.Start();
        using var proxy = new TcpProxy(broker.Port); // the agent's network path, cut before the broker goes
        var device = "outage-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, proxy.Port);
        var filters = new[] { $"dsedge/devices/{device}/telemetry", $"dsedge/devices/{device}/events", $"dsedge/devices/{device}/state/reported" };
        var received = new List<ProbeMessage>();

        var before = await MqttProbe.ConnectAsync(broker.Port, filters);
        using var first = AgentProcess.Start(config);
        try
        {
            await CollectAsync(before, received, until: () => received.Count >= 30);

            proxy.Sever();
            await Task.Delay(500); // what the broker already took reaches the console before the broker dies
            await DrainAsync(before, received);
            await before.DisposeAsync();
            broker.Stop();
            await Task.Delay(2000); // offline: the agent keeps producing into its outbox
            first.KillHard();
        }
        catch
        {
            output.WriteLine(first.Output);
            throw;
        }

        using var second = AgentProcess.Start(config);
        try
        {
            await Task.Delay(3000); // the restarted agent is still offline and keeps producing
            broker.StartAgain();
            await using var after = await MqttProbe.ConnectAsync(broker.Port, filters);
            var resumedAt = DateTimeOffset.UtcNow;
            proxy.Resume();

            // Messages leave in sequence order, so one produced after the link came back means the backlog went before it.
            await CollectAsync(after, received, until: () => false, stopWhen: m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Json.GetProperty("ts").GetDateTimeOffset() > resumedAt.AddSeconds(1));
            await second.StopAsync();
            await DrainAsync(after, received);

            Assert.Single(received.Select(m => m.Json.GetProperty("epoch").GetString()).Distinct());
            Assert.All(received, m => Assert.Equal(m.Json.GetProperty("epoch").GetString(), m.Property("epoch")));
            foreach (var copies in received.GroupBy(Key))
                Assert.All(copies, c => Assert.Equal(copies.First().Text, c.Text)); // a duplicate is a copy, never another message under the same key
            var firstCopies = received.DistinctBy(Key).Select(m => Key(m).Seq).ToList();
            var expected = Enumerable.Range((int)firstCopies.Min(), (int)(firstCopies.Max() - firstCopies.Min() + 1)).Select(i => (long)i);
            output.WriteLine($"received {received.Count} messages, {firstCopies.Count} distinct sequence numbers {firstCopies.Min()}..{firstCopies.Max()}, {received.Count - firstCopies.Count} duplicates");
            Assert.Equal(expected, firstCopies.Order());
            Assert.Equal(firstCopies.Order(), firstCopies); // first copies arrive in sequence order
            Assert.True(firstCopies.Count > 60, $"only {firstCopies.Count} messages: the agent did not publish steadily");
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }

    private static (string Epoch, long Seq) Key(ProbeMessage m) => (m.Json.GetProperty("epoch").GetString()!, m.Json.GetProperty("seq").GetInt64());

    private static async Task CollectAsync(MqttProbe probe, List<ProbeMessage> into, Func<bool> until, Func<ProbeMessage, bool>? stopWhen = null)
    {
        while (!until())
        {
            var m = await probe.NextAsync();
            into.Add(m);
            if (stopWhen?.Invoke(m) == true) return;
        }
    }

    /// <summary>Takes whatever is still arriving until the link has been quiet for a second.</summary>
    private static async Task DrainAsync(MqttProbe probe, List<ProbeMessage> into)
    {
        while (await probe.TryNextAsync(TimeSpan.FromSeconds(1)) is { } m) into.Add(m);
    }
}
