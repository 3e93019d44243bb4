using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Fleet.Tests;

/// <summary>
/// The trainer loop in the console, through a real mosquitto: captures stored with their boxes and images, a cursor the trainer
/// polls, bad captures kept as dead letters, dataset exports in COCO and YOLO that read back to what the devices sent, a
/// package whose lineage names an export linked to it, and two versions' quality side by side.
/// </summary>
public sealed class CaptureTests
{
    private static readonly byte[] Messi = File.ReadAllBytes(TestAssets.Media("messi5.jpg"));     // 548 x 342
    private static readonly byte[] Fish = File.ReadAllBytes(TestAssets.Media("photos/HappyFish.jpg")); // 259 x 194

    [Fact]
    public async Task Captures_AreStoredWithTheirBoxesAndImages_OncePerSequence_AndTheCursorPagesThem()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        await using var device = await DeviceMessages.ConnectAsync(broker, "gate-1");
        var sent = new[]
        {
            DeviceMessages.Capture("gate-1", 1, Messi, [548, 342], [1096, 684], "1.0.0", [new DetectionItem("face", 0.47, [400, 100, 120, 140]), new DetectionItem("face", 0.91, [10, 20, 30, 40])]),
            DeviceMessages.Capture("gate-1", 2, Fish, [259, 194], [259, 194], "1.0.0", [new DetectionItem("fish", 0.4, [50, 60, 70, 80])], camera: "dock"),
            DeviceMessages.Capture("gate-1", 3, Messi, [548, 342], [548, 342], "2.0.0", []),
        };
        foreach (var c in sent) await device.CaptureAsync(c);
        await device.CaptureAsync(sent[0]); // a redelivery

        await TestTimeouts.UntilAsync(() => console.Service<Metrics.FleetCounters>().Get("ds_fleet_captures_total", "outcome=\"duplicate\"") == 1, "the redelivery counted");
        var first = await console.GetJsonAsync("/api/captures?limit=2");
        Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(first.GetRawText())));
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("more").GetBoolean());
        var one = first.GetProperty("items")[0];
        Assert.Equal("gate-1", one.GetProperty("device").GetString());
        Assert.Equal([1096, 684], one.GetProperty("frame_size").EnumerateArray().Select(v => v.GetInt32()));
        var boxes = one.GetProperty("detections").EnumerateArray().Select(d => $"{d.GetProperty("label").GetString()} {d.GetProperty("score").GetDouble()} {Numbers(d.GetProperty("box"))}");
        Assert.Equal(["face 0.47 400,100,120,140", "face 0.91 10,20,30,40"], boxes);
        Assert.Equal(Messi, await console.Http.GetByteArrayAsync(one.GetProperty("image").GetString()));

        var rest = await console.GetJsonAsync("/api/captures?limit=2&after=" + first.GetProperty("next").GetString());
        Assert.Equal([3L], rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetInt64()));
        Assert.False(rest.GetProperty("more").GetBoolean());
        var empty = await console.GetJsonAsync("/api/captures?after=" + rest.GetProperty("next").GetString());
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.Equal(rest.GetProperty("next").GetString(), empty.GetProperty("next").GetString());

        var uncertainFaces = await console.GetJsonAsync("/api/captures?label=face&min_score=0.35&max_score=0.6&version=1.0.0");
        Assert.Equal([1L], uncertainFaces.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetInt64()));
        Assert.Equal(1, (await console.GetJsonAsync("/api/captures?camera=dock")).GetProperty("items").GetArrayLength());
        using var bad = await console.Http.GetAsync("/api/captures?after=1;drop");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a cursor", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Content-addressed: the same JPEG in two captures is one file, named by its SHA-256.
        var files = Directory.GetFiles(Path.Combine(console.Options.DataDirectory, "captures"), "*.jpg", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(new[] { Sha(Messi), Sha(Fish) }.Order(), files);
        Assert.Equal(3, console.Service<Metrics.FleetCounters>().Get("ds_fleet_captures_total", "outcome=\"stored\""));
    }

    [Fact]
    public async Task BadCaptures_BecomeDeadLettersNamingTheProblem_AndAreCountedRejected()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        await using var device = await DeviceMessages.ConnectAsync(broker, "gate-2");
        await device.CaptureAsync(DeviceMessages.Capture("gate-2", 1, Encoding.UTF8.GetBytes("not a jpeg"), [10, 10], [10, 10], "1.0.0", []));
        await device.CaptureAsync(DeviceMessages.Capture("gate-2", 2, Fish, [259, 194], [259, 194], "1.0.0", [new DetectionItem("fish", 0.4, [1, 2, 3])]));
        await device.CaptureAsync(DeviceMessages.Capture("gate-2", 3, Fish, [259, 194], [0, 194], "1.0.0", []));
        await device.CaptureAsync(DeviceMessages.Capture("gate-2", 4, Fish, [259, 194], [259, 194], "../1.0", []));
        await device.CaptureAsync(DeviceMessages.Capture("gate-9", 5, Fish, [259, 194], [259, 194], "1.0.0", []));
        await device.PublishAsync(device.Topics.Captures, Encoding.UTF8.GetBytes("""{"schema":"deepseek-edge/capture/v1","device":"gate-2"}"""));
        await device.CaptureAsync(DeviceMessages.Capture("gate-2", 7, Fish, [259, 194], [259, 194], "1.0.0", []));

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM dead_letters") == 6 && Count(console, "SELECT count(*) FROM captures") == 1, "6 dead letters and the good capture");
        using var db = console.Database.Open();
        var reasons = db.Query<string>("SELECT reason FROM dead_letters ORDER BY id").ToList();
        Assert.Contains("jpeg_base64 is not a JPEG", reasons[0], StringComparison.Ordinal);
        Assert.Contains("box must be [x, y, width, height]", reasons[1], StringComparison.Ordinal);
        Assert.Contains("frame_size must be [width, height]", reasons[2], StringComparison.Ordinal);
        Assert.Contains("model version \"../1.0\" is not valid", reasons[3], StringComparison.Ordinal);
        Assert.Contains("the payload says device \"gate-9\"", reasons[4], StringComparison.Ordinal);
        Assert.Contains("capture: not a valid document", reasons[5], StringComparison.Ordinal);
        Assert.Equal(6, console.Service<Metrics.FleetCounters>().Get("ds_fleet_captures_total", "outcome=\"rejected\""));
        Assert.Contains("ds_fleet_captures_total{outcome=\"rejected\"} 6", await console.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_InCocoAndYolo_ReadBackToTheDevicesBoxesAndImages_AndAPackageTrainedOnOneIsLinkedToIt()
    {
        using var broker = MosquittoBroker.Start();
        using var models = new SignedModels();
        await using var console = await FleetConsole.StartAsync(broker, [models.PublicKey]);
        await using var device = await DeviceMessages.ConnectAsync(broker, "gate-3");
        var sent = new[]
        {
            // Boxes in a 1096 x 684 frame, the image sent at half size: the export's boxes are in image pixels.
            DeviceMessages.Capture("gate-3", 1, Messi, [548, 342], [1096, 684], "1.0.0", [new DetectionItem("face", 0.47, [400, 100, 120, 140]), new DetectionItem("ball", 0.5, [900, 600, 100, 100])]),
            DeviceMessages.Capture("gate-3", 2, Fish, [259, 194], [259, 194], "1.0.0", [new DetectionItem("face", 0.4, [50, 60, 70, 80])]),
            DeviceMessages.Capture("gate-3", 3, Fish, [259, 194], [259, 194], "2.0.0", [new DetectionItem("face", 0.4, [5, 6, 7, 8])]),
        };
        foreach (var c in sent) await device.CaptureAsync(c);
        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM captures") == 3, "3 captures");

        var (cocoId, coco) = await ExportAsync(console, "/api/datasets/export?model=faces&version=1.0.0&labels=face&format=coco");
        var manifest = Entry(coco, "manifest.json");
        Assert.Empty(ProtocolSchemas.Problems(manifest));
        var m = JsonDocument.Parse(manifest).RootElement;
        Assert.Equal(cocoId, m.GetProperty("id").GetString());
        Assert.Equal(["gate-3"], m.GetProperty("devices").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["faces@1.0.0"], m.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var ids = m.GetProperty("captures").EnumerateArray().Select(c => c.GetProperty("capture").GetInt64()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(Messi, Bytes(coco, $"images/{ids[0]}.jpg"));
        Assert.Equal(Fish, Bytes(coco, $"images/{ids[1]}.jpg"));
        var annotations = JsonDocument.Parse(Entry(coco, "annotations.json")).RootElement;
        Assert.Equal(["face"], annotations.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var bbox = annotations.GetProperty("annotations").EnumerateArray()
            .Select(a => $"{a.GetProperty("image_id").GetInt64()}: {Numbers(a.GetProperty("bbox"))}");
        Assert.Equal([$"{ids[0]}: 200,50,60,70", $"{ids[1]}: 50,60,70,80"], bbox); // the ball is not a label asked for
        var image = annotations.GetProperty("images")[0];
        Assert.Equal((548, 342), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));

        var (yoloId, yolo) = await ExportAsync(console, "/api/datasets/export?model=faces&version=1.0.0&format=yolo");
        Assert.NotEqual(cocoId, yoloId);
        Assert.Contains("names:\n  0: \"ball\"\n  1: \"face\"\n", Encoding.UTF8.GetString(Entry(yolo, "data.yaml")), StringComparison.Ordinal);
        var labels = Encoding.UTF8.GetString(Entry(yolo, $"labels/{ids[0]}.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(2, labels.Count);
        Assert.Equal([1, 230.0 / 548, 85.0 / 342, 60.0 / 548, 70.0 / 342], labels[0], new Tolerance(1e-5));
        Assert.Equal([0, 475.0 / 548, 321.0 / 342, 50.0 / 548, 42.0 / 342], labels[1], new Tolerance(1e-5)); // clipped at the image's bottom edge
        Assert.Equal(Fish, Bytes(yolo, $"images/{ids[1]}.jpg"));

        // The trainer trains 1.1.0 on the COCO export and uploads it: the registry links the version to the export and its captures.
        var package = models.Pack("1.1.0", new JsonObject { ["dataset"] = cocoId, ["parent"] = "1.0.0" });
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(package)), "package", "1.1.0.zip" } })
        using (var upload = await console.Http.PostAsync("/api/models", form))
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        var lineage = await console.GetJsonAsync($"/api/models/{SignedModels.Model}/1.1.0/lineage");
        Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(lineage.GetRawText())));
        Assert.Equal("1.0.0", lineage.GetProperty("parent").GetString());
        Assert.Equal(cocoId, lineage.GetProperty("export").GetProperty("id").GetString());
        Assert.Equal(ids, lineage.GetProperty("export").GetProperty("captures").EnumerateArray().Select(v => v.GetInt64()));
        var listed = (await console.GetJsonAsync("/api/models")).EnumerateArray().Single(r => r.GetProperty("version").GetString() == "1.1.0");
        Assert.Equal(cocoId, listed.GetProperty("dataset").GetString());

        var broken = models.Pack("1.2.0", new JsonObject { ["dataset"] = 42 });
        using var form2 = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(broken)), "package", "1.2.0.zip" } };
        using var refused = await console.Http.PostAsync("/api/models", form2);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("lineage.dataset must be a string", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_OfTwoVersions_IsShownSideBySide_SummedOverTheFleet()
    {
        using var broker = MosquittoBroker.Start();
        await using var console = await FleetConsole.StartAsync(broker);
        await using var a = await DeviceMessages.ConnectAsync(broker, "old-1");
        await using var b = await DeviceMessages.ConnectAsync(broker, "new-1");
        await a.QualityAsync("e1", 1, "1.0.0", 100, 150, [0, 0, 0, 10, 20, 20, 30, 30, 20, 20], 12, 1, 20);
        await a.QualityAsync("e1", 2, "1.0.0", 100, 50, [0, 0, 0, 0, 10, 10, 10, 10, 5, 5], 8, 0, 24);
        await a.QualityAsync("e1", 2, "1.0.0", 100, 50, [0, 0, 0, 0, 10, 10, 10, 10, 5, 5], 8, 0, 24); // a redelivery: not counted twice
        await b.QualityAsync("e1", 1, "2.0.0", 200, 100, [0, 0, 0, 0, 0, 0, 10, 20, 30, 40], 2, 0, 18);

        await TestTimeouts.UntilAsync(() => Count(console, "SELECT count(*) FROM telemetry_samples") == 3, "3 samples");
        var report = await console.GetJsonAsync("/api/models/faces/quality?versions=1.0.0,2.0.0");
        Assert.Empty(ProtocolSchemas.Problems(Encoding.UTF8.GetBytes(report.GetRawText())));
        var v = report.GetProperty("versions").EnumerateArray().ToDictionary(x => x.GetProperty("version").GetString()!);
        Assert.Equal(["1.0.0", "2.0.0"], v.Keys);
        Assert.Equal(200, v["1.0.0"].GetProperty("frames").GetInt64());
        Assert.Equal(1.0, v["1.0.0"].GetProperty("detections_per_frame").GetDouble());
        Assert.Equal(0.1, v["1.0.0"].GetProperty("uncertain_fraction").GetDouble(), 9);
        Assert.Equal(1, v["1.0.0"].GetProperty("inference_errors").GetInt64());
        Assert.Equal([0L, 0, 0, 10, 30, 30, 40, 40, 25, 25], v["1.0.0"].GetProperty("score_histogram").EnumerateArray().Select(x => x.GetInt64()));
        Assert.Equal(22, v["1.0.0"].GetProperty("fps").GetDouble());
        Assert.Equal(0.5, v["2.0.0"].GetProperty("detections_per_frame").GetDouble());
        Assert.Equal(0.01, v["2.0.0"].GetProperty("uncertain_fraction").GetDouble(), 9);
        Assert.Equal([0L, 0, 0, 0, 0, 0, 10, 20, 30, 40], v["2.0.0"].GetProperty("score_histogram").EnumerateArray().Select(x => x.GetInt64()));
        using var db = console.Database.Open();
        Assert.Equal(3, db.ExecuteScalar<long>("SELECT sent FROM capture_counts WHERE device = 'new-1'"));
    }

    private static async Task<(string Id, ZipArchive Zip)> ExportAsync(FleetConsole console, string path)
    {
        using var response = await console.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var id = response.Headers.GetValues("X-Dataset-Export").Single();
        return (id, new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read));
    }

    private static byte[] Entry(ZipArchive zip, string name) => Bytes(zip, name);

    private static byte[] Bytes(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the zip ({string.Join(", ", zip.Entries.Select(e => e.FullName))})");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Numbers(JsonElement array) =>
        string.Join(',', array.EnumerateArray().Select(v => v.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static long Count(FleetConsole console, string sql)
    {
        using var db = console.Database.Open();
        return db.ExecuteScalar<long>(sql);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
