using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent with its data directory on a small tmpfs that fills up while the broker is down: it keeps running
/// inference, stores by priority while it can, counts what it cannot store, says so in /healthz, survives kill -9 and a
/// restart on the still-full disk, and delivers its backlog by itself once space and the broker are back.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-fulldisk");

    public void Dispose() => _dir.Dispose();

    [RootFact]
    public async Task DiskFullWithBrokerDown_AgentKeepsRunningDegradedThenDeliversWhenSpaceReturns()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop(); // down from the start; it comes back on the same port
        var device = "disk-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        AgentEndpoint.Edit(config, c => c["Outbox"] = new JsonObject { ["MinFreeBytes"] = 256 * 1024, ["SegmentBytes"] = 16 * 1024 });
        using var disk = TmpfsMount.Mount(Path.Combine(_dir.Path, "state"), 3 * 1024 * 1024);

        var first = AgentProcess.Start(config);
        AgentProcess? second = null;
        try
        {
            using (var endpoint = await AgentEndpoint.FindAsync(first))
            {
                await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_outbox_messages", "priority=\"event\"") > 5, "events queued while the broker is down");
                var filler = disk.Fill();
                output.WriteLine($"filled the tmpfs: {new FileInfo(filler).Length} bytes of filler");

                await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_outbox_messages_unstored_total", "priority=\"telemetry\"") > 0
                    && AgentEndpoint.Sample(m, "dsedge_outbox_messages_unstored_total", "priority=\"event\"") > 0, "messages counted as not stored");
                var health = await endpoint.HealthAsync();
                output.WriteLine("health while full: " + health.GetProperty("reasons"));
                Assert.Equal("degraded", health.GetProperty("status").GetString());
                Assert.Contains(health.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("bytes free", StringComparison.Ordinal));
                var framesBefore = health.GetProperty("cameras")[0].GetProperty("frames_processed").GetInt64();
                await TestTimeouts.UntilAsync(() => endpoint.HealthAsync().Result.GetProperty("cameras")[0].GetProperty("frames_processed").GetInt64() > framesBefore + 10,
                    "inference to go on while the disk is full");
                Assert.False(first.HasExited, "the agent exited on a full disk:\n" + first.Output);
            }

            first.KillHard();
            second = AgentProcess.Start(config); // a restart on the still-full disk must come up too
            using (var endpoint = await AgentEndpoint.FindAsync(second))
            {
                await TestTimeouts.UntilAsync(() => endpoint.HealthAsync().Result.GetProperty("status").GetString() == "degraded", "the restarted agent to report the full disk");
                Assert.False(second.HasExited, "the restarted agent exited on a full disk:\n" + second.Output);

                File.Delete(Path.Combine(disk.Path, "filler"));
                broker.StartAgain();
                await using var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/events", $"dsedge/devices/{device}/telemetry");
                var resumedAt = DateTimeOffset.UtcNow;
                var events = new List<long>();
                ProbeMessage m;
                do
                {
                    m = await console.NextAsync();
                    if (m.Topic.EndsWith("/events", StringComparison.Ordinal)) events.Add(m.Json.GetProperty("seq").GetInt64());
                }
                while (!(m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Json.GetProperty("ts").GetDateTimeOffset() > resumedAt.AddSeconds(1)));

                output.WriteLine($"after space and broker returned: {events.Count} events delivered, seq {events.FirstOrDefault()}..{events.LastOrDefault()}");
                Assert.NotEmpty(events); // the backlog, queued before and during the full disk, went out by itself
                await TestTimeouts.UntilAsync(() => endpoint.HealthAsync().Result.GetProperty("reasons").GetArrayLength() == 0, "the outbox to leave the degraded state");
                Assert.False(second.HasExited);
            }
        }
        catch
        {
            output.WriteLine(first.Output);
            if (second is not null) output.WriteLine(second.Output);
            throw;
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }
}
