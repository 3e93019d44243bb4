using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// A real mosquitto whose ACL refuses the device's events topic (an operator's mistake), then is fixed and reloaded
/// (SIGHUP): the real agent holds its backlog while refused, retries, and delivers every message once the ACL allows it.
/// </summary>
public sealed class RefusedPublishTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-refused");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AclRefusesEventsThenIsFixed_BacklogIsHeldAndEverythingIsDelivered()
    {
        using var broker = MosquittoBroker.Start(acl: "topic deny dsedge/devices/+/events\ntopic readwrite #\n");
        var device = "acl-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        AgentEndpoint.Edit(config, c => c["Outbox"] = new System.Text.Json.Nodes.JsonObject { ["RetryDelay"] = "00:00:00.100", ["RetryMaxDelay"] = "00:00:00.500" });
        // Every document the outbox numbers: events, telemetry and reported state share one sequence.
        await using var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/events", $"dsedge/devices/{device}/telemetry", $"dsedge/devices/{device}/state/reported");
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_outbox_messages_refused_total", "reason=\"not_authorized\"") >= 5, "the broker to refuse events again and again");
            var refusedMetrics = await endpoint.MetricsAsync();
            var held = AgentEndpoint.Sample(refusedMetrics, "dsedge_outbox_messages");
            Assert.True(held > 0, "nothing held while refused");
            Assert.Equal(0, AgentEndpoint.Sample(refusedMetrics, "dsedge_outbox_messages_discarded_total"));

            broker.ReloadAcl("topic readwrite #\n");
            var fixedAt = DateTimeOffset.UtcNow;
            var received = new List<(string Topic, long Seq)>();
            ProbeMessage m;
            do
            {
                m = await console.NextAsync();
                received.Add((m.Topic, m.Json.GetProperty("seq").GetInt64()));
            }
            while (!(m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Json.GetProperty("ts").GetDateTimeOffset() > fixedAt.AddSeconds(1)));

            // Every number from the first message on arrived: nothing was dropped while the broker refused.
            var seqs = received.Select(r => r.Seq).Distinct().Order().ToList();
            output.WriteLine($"held {held} while refused; received {received.Count} messages, seq {seqs[0]}..{seqs[^1]}, {received.Count(r => r.Topic.EndsWith("/events", StringComparison.Ordinal))} events");
            Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
            Assert.Contains(received, r => r.Topic.EndsWith("/events", StringComparison.Ordinal));
            Assert.Equal(0, AgentEndpoint.Sample(await endpoint.MetricsAsync(), "dsedge_outbox_messages_discarded_total"));
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }
}
