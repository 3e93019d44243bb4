using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Tests.Broker;
using DeepSeek.Edge.Testing;
using OpenCvSharp;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent on Megamind with BlazeFace sends back the frames it is unsure of: with an uncertainty band of 0.5-0.7
/// (about one frame in five of that video has a face scored there) captures arrive on the captures topic with the source
/// frame as a JPEG that decodes, every detection's box inside the frame and the model that ran; the hourly cap holds and what
/// it refuses is counted; captures taken while the broker is unreachable arrive once it is back, even across a kill -9; the
/// <c>capture</c> command sends the next frames whatever the band says.
/// </summary>
public sealed class CaptureTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsedge-capture");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BandCaptures_ArriveWithBoxesAndTheHourlyCapHolds_Counted()
    {
        using var broker = MosquittoBroker.Start();
        var device = "capture-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, broker.Port, http: true);
        EnableCapture(config, maxPerHour: 3);
        await using var probe = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/captures", $"dsedge/devices/{device}/telemetry");
        var captures = new List<ProbeMessage>();
        var telemetry = new List<JsonElement>();
        using var agent = AgentProcess.Start(config);
        try
        {
            using var endpoint = await AgentEndpoint.FindAsync(agent);
            await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_captures_dropped_total", "reason=\"hour_cap\"") >= 2, "the hourly cap to refuse captures");
            while (!telemetry.Any(t => DroppedFor(t, "hour_cap") >= 2 && t.GetProperty("captures").GetProperty("sent").GetInt64() == 3))
            {
                var m = await probe.NextAsync();
                if (m.Topic.EndsWith("/captures", StringComparison.Ordinal)) captures.Add(m);
                else telemetry.Add(m.Json);
            }

            while (await probe.TryNextAsync(TimeSpan.FromSeconds(1)) is { } late)
            {
                if (late.Topic.EndsWith("/captures", StringComparison.Ordinal)) captures.Add(late);
            }
        }
        catch
        {
            output.WriteLine(agent.Output);
            throw;
        }

        Assert.Equal(3, captures.Count);
        foreach (var capture in captures)
        {
            Assert.Empty(ProtocolSchemas.Problems(capture.Payload));
            var json = capture.Json;
            Assert.Equal("band", json.GetProperty("reason").GetString());
            var model = json.GetProperty("model");
            Assert.Equal(("blazeface-back", "fp32"), (model.GetProperty("name").GetString(), model.GetProperty("precision").GetString()));
            var frame = json.GetProperty("frame_size").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var detections = json.GetProperty("detections").EnumerateArray().ToArray();
            Assert.Contains(detections, d => d.GetProperty("score").GetDouble() is >= 0.5 and <= 0.7 && d.GetProperty("label").GetString() == "face");
            foreach (var box in detections.Select(d => d.GetProperty("box").EnumerateArray().Select(e => e.GetDouble()).ToArray()))
            {
                Assert.True(box[2] > 0 && box[3] > 0 && box[0] + box[2] > 0 && box[1] + box[3] > 0 && box[0] < frame[0] && box[1] < frame[1], $"box [{string.Join(", ", box)}] outside a {frame[0]}x{frame[1]} frame");
            }

            using var image = Cv2.ImDecode(Convert.FromBase64String(json.GetProperty("jpeg_base64").GetString()!), ImreadModes.Color);
            Assert.False(image.Empty());
            Assert.Equal(json.GetProperty("image_size").EnumerateArray().Select(e => e.GetInt32()), [image.Width, image.Height]);
            Assert.Equal(frame, new[] { image.Width, image.Height }); // Megamind is smaller than MaxSide: sent at its own size
        }

        // Quality per model version: every detection is in the histogram, and the band's frames are counted.
        var quality = telemetry.SelectMany(t => t.TryGetProperty("quality", out var q) ? q.EnumerateArray() : Enumerable.Empty<JsonElement>()).ToArray();
        Assert.NotEmpty(quality);
        Assert.All(quality, q => Assert.Equal(q.GetProperty("detections").GetInt64(), q.GetProperty("score_histogram").EnumerateArray().Sum(b => b.GetInt64())));
        Assert.All(quality, q => Assert.Equal("blazeface-back", q.GetProperty("model").GetString()));
        Assert.True(quality.Sum(q => q.GetProperty("uncertain_frames").GetInt64()) > 0, "no frame of Megamind was counted in the band");
        var last = telemetry[^1].GetProperty("captures");
        output.WriteLine($"{captures.Count} captures of {captures.Average(c => c.Payload.Length):0} bytes on average; telemetry captures: {last.GetRawText()}");
        Assert.Equal(3, last.GetProperty("taken").GetInt64());
        Assert.Equal(3, last.GetProperty("queued").GetInt64());
        Assert.All(telemetry, t => Assert.Empty(ProtocolSchemas.Problems(JsonSerializer.SerializeToUtf8Bytes(t))));
    }

    [Fact]
    public async Task CapturesTakenWhileTheBrokerIsUnreachable_ArriveAfterAKillAndReconnect_AndTheCaptureCommandWorks()
    {
        using var broker = MosquittoBroker.Start();
        using var proxy = new TcpProxy(broker.Port, refusing: true); // the agent starts with no way to the broker
        var device = "capture-" + Guid.NewGuid().ToString("N")[..6];
        var config = AgentConfigFile.Write(_dir.Path, device, proxy.Port, http: true);
        EnableCapture(config, maxPerHour: 4);
        await using var console = await MqttProbe.ConnectAsync(broker.Port, $"dsedge/devices/{device}/captures", $"dsedge/devices/{device}/responses/#");

        double queuedOffline;
        using (var first = AgentProcess.Start(config))
        {
            try
            {
                using var endpoint = await AgentEndpoint.FindAsync(first);
                await endpoint.UntilMetricsAsync(m => AgentEndpoint.Sample(m, "dsedge_captures_queued_total") >= 4, "four captures queued while offline");
                queuedOffline = AgentEndpoint.Sample(await endpoint.MetricsAsync(), "dsedge_captures_queued_total");
                await Task.Delay(1500); // the outbox forces captures to disk every second (Outbox:FsyncInterval)
                first.KillHard();
            }
            catch
            {
                output.WriteLine(first.Output);
                throw;
            }
        }

        AgentEndpoint.Edit(config, c => c["Agent"]!["Cameras"]![0]!["Capture"]!["Enabled"] = false); // only the first run's captures, and asked-for ones
        using var second = AgentProcess.Start(config);
        try
        {
            proxy.Resume();
            var arrived = new List<JsonElement>();
            while (arrived.Count < queuedOffline) arrived.Add((await console.NextAsync(IsCapture)).Json);
            Assert.All(arrived, c => Assert.Equal("band", c.GetProperty("reason").GetString()));
            Assert.Equal(arrived.Count, arrived.Select(c => c.GetProperty("seq").GetInt64()).Distinct().Count());

            var response = await console.RequestAsync($"dsedge/devices/{device}/commands/capture", """{"args":{"camera":"door","frames":2}}"""u8.ToArray(), $"dsedge/devices/{device}/responses/cap");
            Assert.True(response.Json.GetProperty("ok").GetBoolean(), response.Text);
            var asked = new[] { (await console.NextAsync(IsCapture)).Json, (await console.NextAsync(IsCapture)).Json };
            Assert.All(asked, c => Assert.Equal("command", c.GetProperty("reason").GetString()));
            Assert.True(asked[1].GetProperty("frame").GetInt64() > asked[0].GetProperty("frame").GetInt64());

            var refused = await console.RequestAsync($"dsedge/devices/{device}/commands/capture", """{"args":{"camera":"door","frames":0}}"""u8.ToArray(), $"dsedge/devices/{device}/responses/cap");
            Assert.Contains("args.frames", refused.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
            while (await console.TryNextAsync(TimeSpan.FromSeconds(1)) is { } more) Assert.False(IsCapture(more), "a capture nobody asked for: " + more.Text[..Math.Min(200, more.Text.Length)]);
            output.WriteLine($"{arrived.Count} captures queued offline arrived after kill -9 and reconnect");
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }

    private static bool IsCapture(ProbeMessage m) => m.Topic.EndsWith("/captures", StringComparison.Ordinal);

    private static long DroppedFor(JsonElement telemetry, string reason) =>
        telemetry.TryGetProperty("captures", out var c) && c.GetProperty("dropped").TryGetProperty(reason, out var n) ? n.GetInt64() : 0;

    private static void EnableCapture(string config, int maxPerHour) =>
        AgentEndpoint.Edit(config, c => c["Agent"]!["Cameras"]![0]!["Capture"] = new JsonObject
        {
            ["Enabled"] = true, ["BandMin"] = 0.5, ["BandMax"] = 0.7, ["Labels"] = new JsonArray("face"), ["MinIntervalMs"] = 0,
            ["MaxPerHour"] = maxPerHour, ["JpegQuality"] = 80,
        });
}
