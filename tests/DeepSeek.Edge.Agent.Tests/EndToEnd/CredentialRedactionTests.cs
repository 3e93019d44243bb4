using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent process with cameras whose sources hold credentials (user-info in an RTSP URL, a token in a query):
/// neither the password nor the token appears in anything the device shows: retained reported state, telemetry,
/// <c>/healthz</c>, the <c>status</c> reply, or its logs.
/// </summary>
public sealed class CredentialRedactionTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "s3cr3t-Pa55";
    private const string Token = "tok-9f8e7d";
    private readonly TempDirectory _dir = new("dsedge-redact");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SourcesWithCredentials_NeverShowThemInMqttHttpOrLogs()
    {
        using var broker = MosquittoBroker.Start();
        var device = "red-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        AgentEndpoint.Edit(config, c =>
        {
            var cameras = c["Agent"]!["Cameras"]!.AsArray();
            var rtsp = cameras[0]!.DeepClone();
            rtsp["Name"] = "gate";
            rtsp["Source"] = $"rtsp://admin:{Password}@127.0.0.1:1/stream1";
            var http = cameras[0]!.DeepClone();
            http["Name"] = "yard";
            http["Source"] = $"http://127.0.0.1:1/video.mjpg?user=viewer&token={Token}";
            cameras.Add(rtsp);
            cameras.Add(http);
        });
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            var seen = new StringBuilder();
            var telemetry = await probe.NextAsync(m => { seen.AppendLine(m.Topic).AppendLine(Encoding.UTF8.GetString(m.Payload)); return m.Topic.EndsWith("/telemetry", StringComparison.Ordinal); });
            var reported = await probe.NextAsync(m => { seen.AppendLine(Encoding.UTF8.GetString(m.Payload)); return m.Topic.EndsWith("/state/reported", StringComparison.Ordinal); });
            var health = (await endpoint.HealthAsync()).GetRawText();
            var status = Encoding.UTF8.GetString((await probe.RequestAsync($"dsedge/devices/{device}/commands/status", "{}"u8.ToArray(), $"dsedge/devices/{device}/responses/status")).Payload);
            var everything = string.Join("\n", seen, health, status, agent.Output);
            output.WriteLine(everything);

            Assert.Contains("gate", health, StringComparison.Ordinal); // the cameras are there, with their sources masked
            Assert.Contains("rtsp://***@127.0.0.1:1/stream1", health, StringComparison.Ordinal);
            Assert.Contains("token=***", status, StringComparison.Ordinal);
            Assert.Contains("rtsp://***@", Encoding.UTF8.GetString(telemetry.Payload), StringComparison.Ordinal);
            Assert.Contains("rtsp://***@", Encoding.UTF8.GetString(reported.Payload), StringComparison.Ordinal);
            Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }
}
