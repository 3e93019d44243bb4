using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// <c>Mqtt:Tls:AllowUntrustedForTests</c> in a configuration: the real agent refuses to start (exit 2, the key and the fix
/// named) unless the environment says <c>DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS=1</c>; with it, it connects to a TLS broker it cannot
/// verify and says so loudly at the connect.
/// </summary>
public sealed class UntrustedTlsTests(TestCertificates certs, ITestOutputHelper output) : IClassFixture<TestCertificates>, IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-untrusted");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AllowUntrustedWithoutTheEnvironmentFlag_IsRefusedAtStart()
    {
        using var broker = MosquittoBroker.Start(certs.Listener(requireClientCertificate: false));
        var config = Config(broker.Port);
        using var agent = AgentProcess.Start(config);
        await TestTimeouts.UntilAsync(() => agent.HasExited, "the agent to exit");
        output.WriteLine(agent.Output);
        Assert.Equal(2, agent.ExitCode);
        Assert.Contains("Mqtt:Tls:AllowUntrustedForTests: is true", agent.Output, StringComparison.Ordinal);
        Assert.Contains("DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS=1", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowUntrustedWithTheEnvironmentFlag_ConnectsAndWarns()
    {
        using var broker = MosquittoBroker.Start(certs.Listener(requireClientCertificate: false));
        var config = Config(broker.Port);
        using var agent = AgentProcess.Start(config, new Dictionary<string, string> { ["DEEPSEEK_EDGE_ALLOW_UNTRUSTED_TLS"] = "1" });
        try
        {
            await TestTimeouts.UntilAsync(() => agent.HasExited
                || (agent.Output.Contains("certificate is NOT checked", StringComparison.Ordinal) && agent.Output.Contains("MQTT connected", StringComparison.Ordinal)),
                "a connection with a warning about the unchecked certificate");
            Assert.False(agent.HasExited, "the agent exited");
            Assert.Contains("connecting to 127.0.0.1", agent.Output, StringComparison.Ordinal); // warned at the connect too
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    private string Config(int port)
    {
        var config = AgentConfigFile.Write(_dir.Path, "untrusted-" + Guid.NewGuid().ToString("N")[..6], port);
        AgentEndpoint.Edit(config, c => c["Mqtt"]!["Tls"] = new JsonObject { ["Enabled"] = true, ["AllowUntrustedForTests"] = true });
        return config;
    }
}
