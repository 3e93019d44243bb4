using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The outbox's depth on the real /metrics endpoint after a restart with a backlog: read at scrape time, so it shows the
/// recovered backlog at once and never goes negative while that backlog drains.
/// </summary>
public sealed class BacklogGaugeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-gauge");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RestartWithBacklog_GaugeShowsTheBacklogAndNeverGoesNegativeWhileItDrains()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop();
        var device = "gauge-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);

        double backlog;
        using (var first = AgentProcess.Start(config))
        {
            using var endpoint = await AgentEndpoint.FindAsync(first);
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_outbox_messages") > 20, "a backlog while the broker is down");
            backlog = AgentEndpoint.Sample(await endpoint.MetricsAsync(), "dsedge_outbox_messages");
            await first.StopAsync();
        }

        using var second = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(second);
            var recovered = AgentEndpoint.Sample(await endpoint.MetricsAsync(), "dsedge_outbox_messages");
            output.WriteLine($"backlog before the stop: {backlog}; gauge at the first scrape after the restart: {recovered}");
            Assert.True(recovered >= backlog, $"the gauge shows {recovered} after a restart with a backlog of at least {backlog}");

            broker.StartAgain();
            await using var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
            var lowest = double.MaxValue;
            await endpoint.UntilMetricsAsync(m =>
            {
                lowest = Math.Min(lowest, AgentEndpoint.Samples(m, "dsedge_outbox_messages").Min());
                return AgentEndpoint.Sample(m, "dsedge_outbox_messages_delivered_total") >= recovered;
            }, "the backlog to drain");
            var samples = AgentEndpoint.Samples(await endpoint.MetricsAsync(), "dsedge_outbox_messages");
            output.WriteLine($"lowest per-priority depth seen while draining: {lowest}; after: {string.Join(", ", samples)}");
            Assert.True(lowest >= 0, $"dsedge_outbox_messages went to {lowest}");
            Assert.All(samples, v => Assert.True(v >= 0, $"dsedge_outbox_messages is {v}"));
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }
}
