using System.Diagnostics;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent process under a fake systemd (<see cref="SystemdNotifySocket"/>): it says <c>READY=1</c> once started,
/// pings <c>WATCHDOG=1</c> while its loops make progress, says <c>STOPPING=1</c> and exits 0 on SIGTERM, and stops pinging,
/// naming the loop, when one of its loops hangs.
/// </summary>
public sealed class SystemdWatchdogTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan WatchdogSec = TimeSpan.FromSeconds(1); // a ping every 0.5 s
    private readonly TempDirectory _dir = new("dsedge-watchdog");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadyThenPingsThenStopping_AndSigtermExitsZero()
    {
        using var broker = MosquittoBroker.Start();
        using var systemd = new SystemdNotifySocket(_dir.Path);
        var config = AgentConfigFile.Write(_dir.Path, "wd-" + Guid.NewGuid().ToString("N")[..6], broker.Port);
        using var agent = AgentProcess.Start(config, systemd.Environment(WatchdogSec));
        try
        {
            await TestTimeouts.UntilAsync(() => systemd.Has("READY=1"), "READY=1");
            var pingsAtReady = systemd.Count("WATCHDOG=1");
            await TestTimeouts.UntilAsync(() => systemd.Count("WATCHDOG=1") >= pingsAtReady + 4, "watchdog pings after READY=1");
            await TestTimeouts.UntilAsync(() => systemd.Has("STATUS=healthy"), "STATUS=healthy once the camera streams and the broker is connected");

            await agent.StopAsync();

            Assert.Equal(0, agent.ExitCode);
            await TestTimeouts.UntilAsync(() => systemd.Has("STOPPING=1"), "STOPPING=1");
            var lines = systemd.Received.Select(r => r.Line).ToList();
            Assert.True(lines.IndexOf("READY=1") < lines.IndexOf("STOPPING=1"), systemd.ToString());
        }
        catch
        {
            output.WriteLine(systemd.ToString());
            output.WriteLine(agent.Output);
            throw;
        }
    }

    [Fact]
    public async Task ACaptureThreadStuckInItsSource_StopsThePings_AndIsNamed()
    {
        using var broker = MosquittoBroker.Start();
        using var systemd = new SystemdNotifySocket(_dir.Path);
        var device = "wd-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);

        // A second camera reads a FIFO nobody writes to: opening it never returns, like a camera whose driver hangs.
        var fifo = _dir.File("hung-camera");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        AgentEndpoint.Edit(config, c =>
        {
            var cameras = c["Agent"]!["Cameras"]!.AsArray();
            var hung = cameras[0]!.DeepClone();
            hung["Name"] = "hung";
            hung["Source"] = "file:" + fifo;
            hung["Loop"] = false;
            hung["OpenTimeout"] = "00:00:01";
            hung["StallTimeout"] = "00:00:01";
            hung["ReconnectMaxDelay"] = "00:00:01"; // the capture loop may go 13 s without a step
            cameras.Add(hung);
        });
        using var agent = AgentProcess.Start(config, systemd.Environment(WatchdogSec));
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await TestTimeouts.UntilAsync(() => systemd.Count("WATCHDOG=1") >= 3, "watchdog pings while the hung open is young");

            await TestTimeouts.UntilAsync(() => agent.Output.Contains("Loop \"camera hung capture\" made no progress", StringComparison.Ordinal), "the stalled loop to be logged by name");
            await Task.Delay(WatchdogSec * 3);

            Assert.True(systemd.SinceLast("WATCHDOG=1") >= WatchdogSec * 3, $"pings went on after the stall: {systemd}");
            var health = await endpoint.HealthAsync();
            Assert.False(health.GetProperty("ready").GetBoolean());
            Assert.Contains("camera hung capture", health.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
            Assert.Contains(systemd.Received, r => r.Line.StartsWith("STATUS=unhealthy: loop \"camera hung capture\" stalled", StringComparison.Ordinal));
            Assert.DoesNotContain("Loop \"camera door capture\" made no progress", agent.Output, StringComparison.Ordinal); // the other camera is fine
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_loop_stalled", "loop=\"camera hung capture\"") == 1, "the stalled gauge");
        }
        catch
        {
            output.WriteLine(systemd.ToString());
            output.WriteLine(agent.Output);
            throw;
        }
        finally
        {
            agent.KillHard(); // the hung thread would hold a graceful stop for its stop timeout
        }
    }
}
