using System.Text.Json;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Agent.Tests.EndToEnd;

namespace DeepSeek.Edge.Agent.Tests.Cli;

/// <summary>
/// <c>ds-edge command</c>, the real executable, against the real agent and a real mosquitto: the device's answer is printed
/// and decides the exit code; a device that does not answer, or bad arguments, say so in one line.
/// </summary>
public sealed class CommandCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-command");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commands_AreAnsweredByTheDevice_AndRefusalsAndSilenceExitOne()
    {
        using var broker = MosquittoBroker.Start();
        var device = "cmd-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        using var agent = AgentProcess.Start(config);
        try
        {
            var address = $"127.0.0.1:{broker.Port}";
            await TestTimeouts.UntilAsync(() => agent.Output.Contains("Camera door started", StringComparison.Ordinal), "the agent's camera");

            var status = await DsEdge.RunAsync("command", "--broker", address, device, "status");
            Assert.True(status.Exit == 0, status.Stderr);
            var reply = JsonDocument.Parse(status.Stdout).RootElement;
            Assert.True(reply.GetProperty("ok").GetBoolean());
            Assert.Equal("status", reply.GetProperty("verb").GetString());
            Assert.Contains("door", status.Stdout, StringComparison.Ordinal);

            var refused = await DsEdge.RunAsync("command", "--broker", address, device, "set", """{"camera":"nope","enabled":false}""");
            Assert.Equal(1, refused.Exit);
            Assert.False(JsonDocument.Parse(refused.Stdout).RootElement.GetProperty("ok").GetBoolean());
            Assert.Contains("nope", refused.Stdout, StringComparison.Ordinal);

            var silent = await DsEdge.RunAsync("command", "--broker", address, "--timeout", "1", "no-such-device", "ping");
            Assert.Equal(1, silent.Exit);
            Assert.StartsWith("ds-edge command: no answer from no-such-device within 1 s", silent.Stderr, StringComparison.Ordinal);

            var bad = await DsEdge.RunAsync("command", "--broker", address, device, "set", "{not json");
            Assert.Equal(2, bad.Exit);
            Assert.StartsWith("ds-edge command: ", bad.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await agent.StopAsync();
        }
    }
}
