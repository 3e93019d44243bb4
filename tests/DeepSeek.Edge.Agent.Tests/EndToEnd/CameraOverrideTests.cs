using System.Text;
using System.Text.Json;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent process and a real mosquitto: an override set by the <c>set</c> command survives a restart and says so
/// (retained reported state, the <c>status</c> reply and a warning at start), and <c>set</c> with the setting given as null
/// clears it, so the camera runs on its configuration again, also after the next restart.
/// </summary>
public sealed class CameraOverrideTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-overrides");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SetOverride_IsReportedAfterRestart_AndClearingItRestoresTheConfiguration()
    {
        using var broker = MosquittoBroker.Start();
        var device = "ovr-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/state/reported", $"dsedge/devices/{device}/responses/#");
        var log = new StringBuilder();
        try
        {
            using (var first = AgentProcess.Start(config))
            {
                await NextReportedAsync(probe, DateTimeOffset.MinValue, "streaming");
                var set = await CommandAsync(probe, device, "set", """{"args":{"camera":"door","enabled":false,"score_threshold":0.7}}""", "set-1");
                Assert.True(set.GetProperty("ok").GetBoolean(), set.ToString());
                Assert.False(set.GetProperty("result").GetProperty("overrides").GetProperty("enabled").GetProperty("value").GetBoolean());
                await first.StopAsync();
                log.AppendLine(first.Output);
            }

            var restarted = DateTimeOffset.UtcNow;
            using (var second = AgentProcess.Start(config))
            {
                var door = await NextReportedAsync(probe, restarted, "disabled");
                var overrides = door.GetProperty("overrides");
                Assert.False(overrides.GetProperty("enabled").GetProperty("value").GetBoolean());
                Assert.True(overrides.GetProperty("enabled").GetProperty("configured").GetBoolean());
                Assert.Equal(0.7, overrides.GetProperty("score_threshold").GetProperty("value").GetDouble(), 3);
                Assert.Equal(JsonValueKind.Null, overrides.GetProperty("score_threshold").GetProperty("configured").ValueKind);

                var status = await CommandAsync(probe, device, "status", "{}", "status-1");
                var statusDoor = status.GetProperty("result").GetProperty("cameras")[0];
                Assert.Equal("disabled", statusDoor.GetProperty("state").GetString());
                Assert.False(statusDoor.GetProperty("overrides").GetProperty("enabled").GetProperty("value").GetBoolean());
                Assert.Contains("Camera door: overrides set by command and kept in", second.Output, StringComparison.Ordinal);
                Assert.Contains("enabled=false (configured true)", second.Output, StringComparison.Ordinal);

                var unknown = await CommandAsync(probe, device, "set", """{"args":{"camera":"door","clear":true}}""", "set-bad");
                Assert.False(unknown.GetProperty("ok").GetBoolean());
                Assert.Contains("does not know \"args.clear\"", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
                using (var endpoint = await AgentEndpoint.FindAsync(second))
                    await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_commands_failed_total", "verb=\"set\"") >= 1, "the refused set to be counted");

                var clear = await CommandAsync(probe, device, "set", """{"args":{"camera":"door","enabled":null,"score_threshold":null}}""", "set-2");
                Assert.True(clear.GetProperty("ok").GetBoolean(), clear.ToString());
                Assert.Empty(clear.GetProperty("result").GetProperty("overrides").EnumerateObject());
                var running = await NextReportedAsync(probe, restarted, "streaming");
                Assert.Empty(running.GetProperty("overrides").EnumerateObject());
                await second.StopAsync();
                log.AppendLine(second.Output);
            }

            restarted = DateTimeOffset.UtcNow;
            using var third = AgentProcess.Start(config);
            var again = await NextReportedAsync(probe, restarted, "streaming");
            Assert.Empty(again.GetProperty("overrides").EnumerateObject());
            await third.StopAsync();
            log.AppendLine(third.Output);
            Assert.DoesNotContain("overrides set by command", third.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(log.ToString());
            throw;
        }
    }

    /// <summary>The camera <c>door</c> of the next reported state produced at or after <paramref name="since"/> with the camera in <paramref name="state"/>.</summary>
    private static async Task<JsonElement> NextReportedAsync(MqttProbe probe, DateTimeOffset since, string state)
    {
        var message = await probe.NextAsync(m =>
            m.Topic.EndsWith("/state/reported", StringComparison.Ordinal) && m.Payload.Length > 0
            && m.Json.GetProperty("ts").GetDateTimeOffset() >= since
            && m.Json.GetProperty("cameras")[0].GetProperty("state").GetString() == state);
        return message.Json.GetProperty("cameras")[0];
    }

    private static async Task<JsonElement> CommandAsync(MqttProbe probe, string device, string verb, string payload, string session) =>
        (await probe.RequestAsync($"dsedge/devices/{device}/commands/{verb}", Encoding.UTF8.GetBytes(payload), $"dsedge/devices/{device}/responses/{session}")).Json;
}
