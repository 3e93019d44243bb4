using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Models.Signing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>
/// Commands are handled off the MQTT receive loop: while an update's 20 s health window runs and a <c>rollback</c> waits for it,
/// a <c>ping</c> is answered at once, in the whole agent against a real mosquitto.
/// </summary>
public sealed class CommandDuringActivationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-ota-lanes");
    private readonly SigningKey _key = SigningKey.Generate();

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task PingDuringAHealthWindow_WithARollbackWaitingForIt_IsAnsweredBeforeTheWindowEnds()
    {
        using var broker = MosquittoBroker.Start();
        await using var agent = await OtaAgent.StartAsync(broker, _dir.Path, _key, new JsonObject { ["HealthWindow"] = "00:00:20", ["MinFpsRatio"] = 0 });
        await agent.PublishAsync(OtaPackages.Repack(_dir.Path, "blazeface-back", "1.1.0", _key).Path);
        await agent.StateAsync(s => s == "activating");
        await TestTimeouts.UntilAsync(() => agent.RunningVersion() == "1.1.0", "the swap to 1.1.0 (its health window starts)");

        // The rollback waits for the update's health window (both change the camera's model).
        await agent.Probe.PublishAsync($"dsedge/devices/{agent.Device}/commands/rollback",
            Encoding.UTF8.GetBytes("""{"schema":"deepseek-edge/command/v1","args":{"camera":"door"}}"""), $"dsedge/devices/{agent.Device}/responses/test", Encoding.UTF8.GetBytes("rollback"));
        var clock = Stopwatch.StartNew();
        var pong = await agent.CommandAsync("ping", "{}");
        var latency = clock.Elapsed;
        output.WriteLine($"ping answered in {latency.TotalMilliseconds:0} ms during the health window");

        Assert.True(pong.GetProperty("ok").GetBoolean(), pong.ToString());
        Assert.Equal("activating", (await agent.RetainedStateAsync()).GetProperty("state").GetString()); // the window still runs
        Assert.Equal("1.1.0", agent.RunningVersion()); // the rollback has not run yet

        var rollback = await agent.Probe.NextAsync(m => m.Topic == $"dsedge/devices/{agent.Device}/responses/test" && m.CorrelationData is { } c && Encoding.UTF8.GetString(c) == "rollback");
        Assert.True(rollback.Json.GetProperty("ok").GetBoolean(), rollback.Json.ToString());
    }
}
