using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// Store-and-forward with real processes: the agent publishes steadily (face events at frame rate, telemetry every
/// second), the broker goes away, the agent is killed with SIGKILL and restarted while offline, the broker comes back,
/// and every sequence number must arrive: once after de-duplication, and in order.
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
        var received = new List<long>();

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

            var firstCopies = received.Distinct().ToList();
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

    private static async Task CollectAsync(MqttProbe probe, List<long> into, Func<bool> until, Func<ProbeMessage, bool>? stopWhen = null)
    {
        while (!until())
        {
            var m = await probe.NextAsync();
            into.Add(m.Json.GetProperty("seq").GetInt64());
            if (stopWhen?.Invoke(m) == true) return;
        }
    }

    /// <summary>Takes whatever is still arriving until the link has been quiet for a second.</summary>
    private static async Task DrainAsync(MqttProbe probe, List<long> into)
    {
        while (await probe.TryNextAsync(TimeSpan.FromSeconds(1)) is { } m) into.Add(m.Json.GetProperty("seq").GetInt64());
    }
}
