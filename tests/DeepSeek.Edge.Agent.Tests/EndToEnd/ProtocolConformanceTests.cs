using System.Text;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// Everything a real agent sends — status (online, and offline after a clean stop), telemetry (with quality), events, captures, reported state, model
/// state, command responses, <c>/healthz</c> and <c>/status</c> — conforms to its JSON Schema in docs/schemas/ and carries no undeclared field.
/// </summary>
public sealed class ProtocolConformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-conformance");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EveryDocumentTheAgentSends_ConformsToItsSchema()
    {
        using var broker = MosquittoBroker.Start();
        var device = "conf-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true, eventIntervalMs: 500);
        AgentConfigFile.EnableOta(config);
        AgentEndpoint.Edit(config, c => c["Agent"]!["Cameras"]![0]!["Capture"] = new System.Text.Json.Nodes.JsonObject
        {
            ["Enabled"] = true, ["BandMin"] = 0.5, ["BandMax"] = 0.7, ["MinIntervalMs"] = 0, ["MaxPerHour"] = 1,
        });
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        var seen = new List<ProbeMessage>();
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            string[] wanted = ["/status", "/telemetry", "/events", "/state/reported", "/captures"];
            while (!wanted.All(k => seen.Any(m => m.Topic.EndsWith(k, StringComparison.Ordinal))))
                seen.Add(await probe.NextAsync());

            // A command answered well and one refused; a desired state refused (reported on models/state).
            seen.Add(await probe.RequestAsync($"dsedge/devices/{device}/commands/status", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/a"));
            seen.Add(await probe.RequestAsync($"dsedge/devices/{device}/commands/set", """{"args":{"camera":"door","score_threshold":0.7}}"""u8.ToArray(), $"dsedge/devices/{device}/responses/b"));
            // The capture may be published before the command's answer: the answer is awaited on a second probe, so the
            // capture stays in this one's queue instead of being passed over while the answer is awaited.
            await using (var answers = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/responses/#"))
                seen.Add(await probe.RequestAsync($"dsedge/devices/{device}/commands/capture", """{"args":{"camera":"door"}}"""u8.ToArray(), $"dsedge/devices/{device}/responses/d", answers));
            seen.Add(await probe.NextAsync(m => m.Topic.EndsWith("/captures", StringComparison.Ordinal) && m.Text.Contains("\"command\"", StringComparison.Ordinal)));
            seen.Add(await probe.NextAsync(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Text.Contains("\"quality\"", StringComparison.Ordinal)));
            seen.Add(await probe.RequestAsync($"dsedge/devices/{device}/commands/reboot", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/c"));
            await probe.PublishAsync($"dsedge/devices/{device}/state/desired",
                """{"schema":"deepseek-edge/desired-state/v1","version":"1","models":[{"name":"faces\n","version":"1"}]}"""u8.ToArray(), retain: true);
            seen.Add(await probe.NextAsync(m => m.Topic.EndsWith("/models/state", StringComparison.Ordinal)));

            var health = (await endpoint.HealthAsync()).GetRawText();
            Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(health)));
            var detail = await endpoint.StatusAsync(); // the status page's detail
            Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(detail)));
            await agent.StopAsync();
            seen.Add(await probe.NextAsync(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && m.Text.Contains("\"stopped\"", StringComparison.Ordinal)));
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }

        var problems = seen.Where(m => m.Payload.Length > 0)
            .SelectMany(m => ProtocolSchemas.Problems(m.Payload).Select(p => $"{m.Topic}: {p}")).Distinct().ToList();
        output.WriteLine($"{seen.Count} messages checked on {seen.Select(m => m.Topic).Distinct().Count()} topics");
        Assert.Empty(problems);
    }
}
