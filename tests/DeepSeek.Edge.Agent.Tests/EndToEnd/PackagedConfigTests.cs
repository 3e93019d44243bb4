using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The configuration the package installs, run by the real agent (only its paths and broker pointed at the test's): it starts
/// healthy with no cameras and says what to do next, instead of failing on a model that is not shipped.
/// </summary>
public sealed class PackagedConfigTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-packaged");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PackagedConfig_StartsHealthyAndIdle_WithWhatToDoNext()
    {
        using var broker = MosquittoBroker.Start();
        var packaged = Path.Combine(TestAssets.RepoRoot, "packaging", "config", "agent.json");
        var config = _dir.File("agent.json");
        File.Copy(packaged, config);
        AgentEndpoint.Edit(config, c =>
        {
            c["Agent"]!["DataDirectory"] = _dir.File("state");
            c["Agent"]!["DeviceId"] = "fresh-install";
            c["Agent"]!["Http"]!["Urls"] = "http://127.0.0.1:0";
            c["Mqtt"]!["Broker"] = "127.0.0.1";
            c["Mqtt"]!["Port"] = broker.Port;
        });
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await TestTimeouts.UntilAsync(() => endpoint.HealthAsync().Result.GetProperty("status").GetString() == "healthy", "a healthy fresh install");
            var health = await endpoint.HealthAsync();

            Assert.True(health.GetProperty("ready").GetBoolean());
            Assert.Equal(0, health.GetProperty("cameras").GetArrayLength());
            Assert.StartsWith("idle: no cameras configured; add one under Agent:Cameras", health.GetProperty("hint").GetString(), StringComparison.Ordinal);
            Assert.Contains("CameraManager[809]", agent.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", agent.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
        finally
        {
            await agent.StopAsync();
        }
    }
}
