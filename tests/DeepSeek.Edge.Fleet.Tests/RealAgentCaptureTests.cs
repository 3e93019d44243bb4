using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DeepSeek.Edge.Fleet.Auth;
using DeepSeek.Edge.Testing;
using Xunit.Abstractions;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>
/// The whole trainer loop with the real programs: a real <c>ds-edge agent</c> on Megamind with BlazeFace and an uncertainty
/// band of 0.5-0.7 sends captures through mosquitto that arrive in the console with their boxes and images, its quality
/// telemetry shows up per version, an export of them reads back, and the real <c>ds-edge model publish --fleet</c> uploads a
/// package whose lineage names that export, which the registry links.
/// </summary>
public sealed class RealAgentCaptureTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("dsfleet-agent");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RealAgent_BandCaptures_ArriveWithBoxes_ExportReadsBack_AndAPackagePublishedToTheFleetIsLinkedToTheExport()
    {
        using var broker = MosquittoBroker.Start();
        using var models = new SignedModels();
        await using var console = await FleetConsole.StartAsync(broker, [models.PublicKey]);
        var device = "megamind-" + Guid.NewGuid().ToString("N")[..6];
        var config = WriteAgentConfig(device, broker.Port);
        var agent = RealAgents.Start(output, "agent", "--config", config);
        try
        {
            await TestTimeouts.UntilAsync(() => Count(console, $"SELECT count(*) FROM captures WHERE device = '{device}'") >= 3
                && Count(console, $"SELECT count(*) FROM quality_rollups WHERE device = '{device}' AND uncertain_frames > 0") > 0 || agent.HasExited,
                "3 captures and quality telemetry with frames in the band from the agent"); // captures may come before the telemetry that counts their frames
            Assert.False(agent.HasExited, "the agent exited");
        }
        finally
        {
            await RealAgents.StopAsync(agent);
        }

        var page = await console.GetJsonAsync($"/api/captures?device={device}&model=blazeface-back");
        Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(page.GetRawText())));
        var captures = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(captures.Count >= 3, $"{captures.Count} captures");
        foreach (var c in captures)
        {
            var frame = c.GetProperty("frame_size").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var detections = c.GetProperty("detections").EnumerateArray().ToList();
            Assert.Contains(detections, d => d.GetProperty("label").GetString() == "face" && d.GetProperty("score").GetDouble() is >= 0.5 and <= 0.7);
            foreach (var box in detections.Select(d => d.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray()))
                Assert.True(box[2] > 0 && box[3] > 0 && box[0] < frame[0] && box[1] < frame[1], $"box [{string.Join(", ", box)}] outside {frame[0]}x{frame[1]}");
            var jpeg = await console.Http.GetByteArrayAsync(c.GetProperty("image").GetString());
            Assert.Equal(c.GetProperty("image_bytes").GetInt64(), jpeg.Length);
            Assert.Equal(c.GetProperty("image_sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg)));
            Assert.True(jpeg is [0xFF, 0xD8, ..] && jpeg[^2..] is [0xFF, 0xD9], "a JPEG");
        }

        using (var db = console.Database.Open())
        {
            var (n, payload, image) = db.QuerySingle<(long, double, double)>("SELECT count(*), avg(payload_bytes), avg(image_bytes) FROM captures");
            output.WriteLine($"bytes per capture over {n} real captures: MQTT payload {payload:0} B (JPEG {image:0} B, base64 and JSON the rest)");
        }

        var quality = await console.GetJsonAsync("/api/models/blazeface-back/quality?versions=1.0.0");
        var v = quality.GetProperty("versions")[0];
        Assert.True(v.GetProperty("frames").GetInt64() > 0 && v.GetProperty("uncertain_frames").GetInt64() > 0, v.GetRawText());
        Assert.Equal(v.GetProperty("detections").GetInt64(), v.GetProperty("score_histogram").EnumerateArray().Sum(b => b.GetInt64()));

        using var export = await console.Http.GetAsync("/api/datasets/export?model=blazeface-back&labels=face&format=coco");
        Assert.True(export.IsSuccessStatusCode, await export.Content.ReadAsStringAsync());
        var exportId = export.Headers.GetValues("X-Dataset-Export").Single();
        using var zip = new ZipArchive(new MemoryStream(await export.Content.ReadAsByteArrayAsync()));
        using var annotations = JsonDocument.Parse(zip.GetEntry("annotations.json")!.Open());
        var boxes = annotations.RootElement.GetProperty("annotations").GetArrayLength();
        Assert.Equal(captures.Sum(c => c.GetProperty("detections").EnumerateArray().Count(d => d.GetProperty("label").GetString() == "face")), boxes);
        Assert.Equal(captures.Count, zip.Entries.Count(e => e.FullName.StartsWith("images/", StringComparison.Ordinal)));

        // The trainer uploads the model it trained on that export with the real CLI.
        var tokenFile = _dir.File("token");
        File.WriteAllText(tokenFile, console.Service<Users>().CreateToken("admin", "trainer") + "\n");
        var package = models.Pack("1.1.0", new JsonObject { ["dataset"] = exportId, ["parent"] = "1.0.0" });
        var (exit, stdout, stderr) = await RealAgents.RunAsync("model", "publish", "--fleet", console.Options.Listen, "--token-file", tokenFile, package);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains($"uploaded {SignedModels.Model}@1.1.0", stdout, StringComparison.Ordinal);
        var lineage = await console.GetJsonAsync($"/api/models/{SignedModels.Model}/1.1.0/lineage");
        Assert.Equal(exportId, lineage.GetProperty("export").GetProperty("id").GetString());
        Assert.Equal(captures.Select(c => c.GetProperty("id").GetInt64()).Order(), lineage.GetProperty("export").GetProperty("captures").EnumerateArray().Select(x => x.GetInt64()));

        var again = await RealAgents.RunAsync("model", "publish", "--fleet", console.Options.Listen, "--token-file", tokenFile, models.Pack("1.1.0", new JsonObject { ["dataset"] = "other" }));
        Assert.Equal(1, again.Exit);
        Assert.Contains("registered already with another package", again.Stderr, StringComparison.Ordinal);
        var neither = await RealAgents.RunAsync("model", "publish", package);
        Assert.Equal(2, neither.Exit);
        Assert.Contains("give either --broker", neither.Stderr, StringComparison.Ordinal);
    }

    private string WriteAgentConfig(string device, int port)
    {
        var config = new JsonObject
        {
            ["Agent"] = new JsonObject
            {
                ["DeviceId"] = device,
                ["DataDirectory"] = _dir.File("state"),
                ["Telemetry"] = new JsonObject { ["IntervalSeconds"] = 1 },
                ["Cameras"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "door", ["Source"] = "file:" + TestAssets.Media("Megamind.avi"), ["Model"] = TestAssets.BlazeFaceBack, ["Providers"] = "cpu",
                    ["Loop"] = true, ["RealTime"] = true,
                    ["Capture"] = new JsonObject
                    {
                        ["Enabled"] = true, ["BandMin"] = 0.5, ["BandMax"] = 0.7, ["Labels"] = new JsonArray("face"), ["MinIntervalMs"] = 0, ["MaxPerHour"] = 4, ["JpegQuality"] = 80,
                    },
                }),
            },
            ["Mqtt"] = new JsonObject { ["Broker"] = "127.0.0.1", ["Port"] = port, ["TopicPrefix"] = "dsedge", ["ReconnectMinDelay"] = "00:00:00.200", ["ReconnectMaxDelay"] = "00:00:01" },
        };
        var path = _dir.File("agent.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static long Count(FleetConsole console, string sql)
    {
        using var db = console.Database.Open();
        return db.ExecuteScalar<long>(sql);
    }
}
