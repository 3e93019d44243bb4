using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent process and a real mosquitto: a request's response topic is never used verbatim. Pointed at another
/// device's status topic, at the device's own command topic or at a wildcard, the agent answers nowhere, counts and logs
/// the refusal, and keeps answering valid requests (under its own responses topic or a configured namespace).
/// </summary>
public sealed class ResponseTopicTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-responses");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RequestsWithForeignResponseTopics_AreNotAnswered_ValidOnesAre()
    {
        using var broker = MosquittoBroker.Start();
        var device = "resp-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        AgentEndpoint.Edit(config, c => c["Mqtt"]!["ResponseNamespaces"] = new JsonArray("dsedge/console/responses/#"));
        await using var watcher = await MqttProbe.ConnectAsync(broker.Port, "dsedge/devices/other/#", $"dsedge/devices/{device}/commands/#", "bad/#", $"dsedge/devices/{device}/responses/#", "dsedge/console/#");
        await using var requester = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/status");
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await requester.NextAsync(m => m.Json.GetProperty("state").GetString() == "online");
            await requester.RequestAsync($"dsedge/devices/{device}/commands/ping", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/handshake-ping", watcher);

            string[] foreign = ["dsedge/devices/other/status", $"dsedge/devices/{device}/commands/ping", "bad/#", "bad/+/x", "dsedge/console/responsesX"];
            foreach (var topic in foreign)
                await requester.PublishAsync($"dsedge/devices/{device}/commands/status", "{}"u8.ToArray(), topic, Encoding.UTF8.GetBytes(topic));
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Samples(m, "dsedge_mqtt_responses_refused_total").Sum() >= foreign.Length, "every foreign response topic to be refused");

            // Valid requests after the refused ones are answered, in the device's own namespace and the configured one.
            await requester.PublishAsync($"dsedge/devices/{device}/commands/ping", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/console-1", "ok-1"u8.ToArray());
            await requester.PublishAsync($"dsedge/devices/{device}/commands/ping", "{}"u8.ToArray(), "dsedge/console/responses/7", "ok-2"u8.ToArray());
            var seen = new List<ProbeMessage>();
            static bool IsAnswer(ProbeMessage m) => m.Topic.Contains("/responses/", StringComparison.Ordinal) && !m.Topic.Contains("/handshake-", StringComparison.Ordinal);
            while (seen.Count(IsAnswer) < 2) seen.Add(await watcher.NextAsync());

            // What the watcher saw: the requests themselves on the command topic, and the two answers; nothing on a foreign topic.
            output.WriteLine(string.Join("\n", seen.Select(m => m.Topic)));
            Assert.DoesNotContain(seen, m => m.Topic.StartsWith("dsedge/devices/other/", StringComparison.Ordinal) || m.Topic.StartsWith("bad/", StringComparison.Ordinal));
            Assert.DoesNotContain(seen, m => m.Topic == $"dsedge/devices/{device}/commands/ping" && m.Payload.Length > 0 && Encoding.UTF8.GetString(m.Payload).Contains("\"verb\"", StringComparison.Ordinal));
            var answers = seen.Where(IsAnswer).ToList();
            Assert.Equal(["ok-1", "ok-2"], answers.Select(a => Encoding.UTF8.GetString(a.CorrelationData!)).Order());
            Assert.All(answers, a => Assert.True(a.Json.GetProperty("ok").GetBoolean()));
            Assert.Contains("response topic dsedge/devices/other/status is refused (outside_namespace)", agent.Output, StringComparison.Ordinal);
            Assert.Contains("(own_command_topic)", agent.Output, StringComparison.Ordinal);
            Assert.False(agent.HasExited);
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    [Fact]
    public async Task OversizedCommand_IsAnsweredWithAnErrorNamingTheLimit()
    {
        using var broker = MosquittoBroker.Start();
        var device = "big-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/status", $"dsedge/devices/{device}/responses/#");
        using var agent = AgentProcess.Start(config);
        try
        {
            await probe.NextAsync(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && m.Json.GetProperty("state").GetString() == "online");
            var huge = Encoding.UTF8.GetBytes("{\"args\":{\"camera\":\"" + new string('x', 1024 * 1024) + "\"}}");
            var reply = await probe.RequestAsync($"dsedge/devices/{device}/commands/set", huge, $"dsedge/devices/{device}/responses/handshake-set");
            Assert.False(reply.Json.GetProperty("ok").GetBoolean());
            Assert.Contains("at most 65536 bytes", reply.Json.GetProperty("error").GetString());
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }
}
