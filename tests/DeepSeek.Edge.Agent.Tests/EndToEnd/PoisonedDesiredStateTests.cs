using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// A retained desired-state document whose model name ends in a newline (or holds a wildcard or a slash) once made the
/// agent subscribe to a topic mosquitto refuses, and mosquitto dropped the connection again on every reconnect. The real
/// agent process now refuses such a document (logged, counted and reported on its retained models/state), stays connected,
/// and still takes a later good one.
/// </summary>
public sealed class PoisonedDesiredStateTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-poison");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("faces\n")]
    [InlineData("faces+")]
    [InlineData("fa/ces")]
    public async Task RetainedDocumentWithAnUnsafeName_IsRefused_AndTheLinkStaysUp(string name)
    {
        using var broker = MosquittoBroker.Start();
        var (device, config) = ConfigureOtaAgent(broker);

        await using var fleet = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/telemetry");
        var poisoned = new JsonObject
        {
            ["schema"] = "deepseek-edge/desired-state/v1", ["version"] = "1",
            ["models"] = new JsonArray(new JsonObject { ["name"] = name, ["version"] = "1.0.0", ["cameras"] = new JsonArray("door") }),
        };
        await fleet.PublishAsync($"dsedge/devices/{device}/state/desired", Encoding.UTF8.GetBytes(poisoned.ToJsonString()), retain: true);

        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_ota_desired_state_rejected_total") >= 1, "the poisoned document to be refused");

            // Several telemetry intervals with the document retained: one connection all along, no disconnect.
            for (var i = 0; i < 4; i++) await fleet.NextAsync();
            var metrics = await endpoint.MetricsAsync();
            Assert.Equal(1, AgentEndpoint.Samples(metrics, "dsedge_mqtt_connects_total").Sum());
            Assert.Equal(0, AgentEndpoint.Samples(metrics, "dsedge_mqtt_disconnects_total").Sum());
            Assert.Contains("is not a model name and version", agent.Output, StringComparison.Ordinal);

            // A good document after it is taken (and would be followed: here no package is offered for it).
            var good = poisoned.DeepClone().AsObject();
            good["version"] = "2";
            good["models"]![0]!["name"] = "faces";
            await fleet.PublishAsync($"dsedge/devices/{device}/state/desired", Encoding.UTF8.GetBytes(good.ToJsonString()), retain: true);
            await TestTimeouts.UntilAsync(() => agent.Output.Contains("version 2", StringComparison.Ordinal), "the good document to be taken");
            Assert.Equal(1, AgentEndpoint.Samples(await endpoint.MetricsAsync(), "dsedge_mqtt_connects_total").Sum());
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    [Theory]
    [InlineData("""{"name":"faces\n","version":"1.0.0"}""", "is not a model name and version")]
    [InlineData("""{"name":"faces","version":"1.0.0","size":"big"}""", "\"size\" is \"big\"")]
    [InlineData("""{"name":"faces","version":"1.0.0","allow_downgrade":"yes"}""", "\"allow_downgrade\" is \"yes\"")]
    public async Task RejectedDocument_IsReportedOnTheRetainedModelState_UntilAGoodOneArrives(string entry, string reason)
    {
        using var broker = MosquittoBroker.Start();
        var (device, config) = ConfigureOtaAgent(broker);
        var desiredTopic = $"dsedge/devices/{device}/state/desired";
        await using var fleet = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/models/state");
        await fleet.PublishAsync(desiredTopic, Encoding.UTF8.GetBytes(
            $$"""{"schema":"deepseek-edge/desired-state/v1","version":"1","models":[{{entry}}]}"""), retain: true);

        using var agent = AgentProcess.Start(config);
        try
        {
            var rejected = (await fleet.NextAsync(m => DesiredState(m) is { } d && d.GetProperty("state").GetString() == "rejected")).Json.GetProperty("desired_state");
            Assert.Equal(desiredTopic, rejected.GetProperty("topic").GetString());
            Assert.Contains(reason, rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(rejected.GetProperty("received_at").GetString(), CultureInfo.InvariantCulture, out _));

            // A console that connects now sees the rejection (retained).
            await using (var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/models/state"))
                Assert.Equal("rejected", DesiredState(await console.NextAsync())?.GetProperty("state").GetString());

            await fleet.PublishAsync(desiredTopic, Encoding.UTF8.GetBytes(
                """{"schema":"deepseek-edge/desired-state/v1","version":"2","models":[{"name":"faces","version":"1.0.0","cameras":["door"]}]}"""), retain: true);
            var accepted = (await fleet.NextAsync(m => DesiredState(m) is { } d && d.GetProperty("state").GetString() == "accepted")).Json.GetProperty("desired_state");
            Assert.Equal("2", accepted.GetProperty("version").GetString());
            Assert.False(accepted.TryGetProperty("reason", out _));
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    private static JsonElement? DesiredState(ProbeMessage m) => m.Json.TryGetProperty("desired_state", out var d) ? d : null;

    /// <summary>An agent configuration with over-the-air updates on (a trusted key) and the local HTTP endpoint.</summary>
    private (string Device, string Config) ConfigureOtaAgent(MosquittoBroker broker)
    {
        var device = "poison-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        AgentConfigFile.EnableOta(config);
        return (device, config);
    }
}
