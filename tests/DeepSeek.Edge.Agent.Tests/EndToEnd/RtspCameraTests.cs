using System.Globalization;
using System.Text.RegularExpressions;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>The real agent process with a camera on the GStreamer RTSP server, decoded by an ffmpeg child process.</summary>
public sealed partial class RtspCameraTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "rtsp-Pa55";
    private readonly TempDirectory _dir = new("dsedge-rtsp");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RtspCamera_ThroughFfmpeg_PublishesFacesAndStopsItsDecoderWithTheAgent()
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"), "viewer", Password);
        await server.StartAsync();
        using var broker = MosquittoBroker.Start();
        var device = "rtsp-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port);
        AgentEndpoint.Edit(config, c =>
        {
            var camera = c["Agent"]!["Cameras"]![0]!;
            camera["Source"] = server.Url("h264", "viewer", Password);
            camera["Decoder"] = "ffmpeg";
        });
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/#");
        using var agent = AgentProcess.Start(config);
        try
        {
            var face = await probe.NextAsync(m => m.Topic.EndsWith("/events", StringComparison.Ordinal));
            Assert.Equal("face", face.Json.GetProperty("label").GetString());
            var telemetry = await probe.NextAsync(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)
                && m.Json.GetProperty("cameras")[0].GetProperty("frames_processed").GetInt64() > 0);
            Assert.Equal("streaming", telemetry.Json.GetProperty("cameras")[0].GetProperty("state").GetString());
            var decoder = int.Parse(FfmpegStarted().Match(agent.Output).Groups["pid"].Value, CultureInfo.InvariantCulture);
            Assert.True(Directory.Exists($"/proc/{decoder}"), "ffmpeg runs while the camera streams");

            await agent.StopAsync();

            Assert.Equal(0, agent.ExitCode);
            Assert.False(Directory.Exists($"/proc/{decoder}"), $"ffmpeg (pid {decoder}) stopped with the agent");
            Assert.DoesNotContain(Password, agent.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }
    }

    [GeneratedRegex(@"ffmpeg started \(pid (?<pid>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FfmpegStarted();
}
