using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Fleet;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Protocol.Tests;

/// <summary>The console's trainer-loop payloads (capture pages, dataset manifests, quality, lineage, rollout reports) are written as their schemas say and read back.</summary>
public sealed class FleetPayloadTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, Func<byte[]>> Samples = new()
    {
        [Schemas.CapturePage] = () => ProtocolJson.Write(new CapturePage([new CaptureSummary(7, "cam-01", "3f0c", 12, At, At.AddSeconds(1), "door", 1300, "band",
            new CaptureModel("faces", "1.2.0", "int8", "cpu"), [1280, 720], [640, 360], new string('a', 64), 20_000, "/api/captures/7/image",
            [new DetectionItem("face", 0.47, [412.5, 96, 88, 120.5])])], "7", false)),
        [Schemas.DatasetManifest] = () => ProtocolJson.Write(new DatasetManifest("ds-20261203T100000Z-0a1b2c3d", At, "trainer", DatasetManifest.Coco,
            new DatasetQuery("faces", "1.2.0", At.AddDays(-1), At, ["face"]), ["face"], ["cam-01"], ["faces@1.2.0"],
            [new DatasetItem(7, "cam-01", "door", At, "faces", "1.2.0", "images/7.jpg", new string('a', 64), 640, 360, 1)])),
        [Schemas.ModelQuality] = () => ProtocolJson.Write(new ModelQualityReport("faces", At.AddDays(-1), At,
            [new VersionQuality("1.2.0", 3, 60, 1200, 1500, 1.25, [0, 0, 0, 40, 60, 100, 200, 300, 400, 400], 90, 0.075, 2, 14.5, 12)])),
        [Schemas.ModelLineage] = () => ProtocolJson.Write(new ModelLineage("faces", "1.3.0", "ds-20261203T100000Z-0a1b2c3d", "1.2.0",
            new DatasetExport("ds-20261203T100000Z-0a1b2c3d", At, "trainer", "coco", 1, [7]))),
        [Schemas.Rollout] = () => ProtocolJson.Write(new RolloutReport(
            new RolloutSummary(4, "faces", "1.3.0", "running", 1, At.AddMinutes(-5), "admin", At, "lobby", PreviousVersion: "1.2.0"),
            [new RolloutDeviceReport("cam-01", 0, "healthy", "fps 25 vs baseline 25 (0%)", At.AddMinutes(-4), At.AddMinutes(-3), At.AddMinutes(-2),
                new HealthFigures(12, 25, 0.5, 0, 4), new HealthFigures(8, 25, 0.48, 0, 6.5)),
             new RolloutDeviceReport("cam-02", 1, "pending")],
            new RolloutComparison("1.3.0", 1, "1.2.0", new HealthFigures(12, 25, 0.5, 0, 4), new HealthFigures(8, 25, 0.48, 0, 6.5)))),
    };

    public static TheoryData<string> Documents => new(Samples.Keys);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Written_ConformsToItsSchema_AndReadsBack(string schema)
    {
        var bytes = Samples[schema]();
        Assert.Empty(ProtocolSchemas.Problems(bytes));
        var again = schema switch
        {
            Schemas.CapturePage => ProtocolJson.Write(ProtocolJson.ReadDocument<CapturePage>(bytes, schema)),
            Schemas.DatasetManifest => ProtocolJson.Write(ProtocolJson.ReadDocument<DatasetManifest>(bytes, schema)),
            Schemas.ModelQuality => ProtocolJson.Write(ProtocolJson.ReadDocument<ModelQualityReport>(bytes, schema)),
            Schemas.Rollout => ProtocolJson.Write(ProtocolJson.ReadDocument<RolloutReport>(bytes, schema)),
            _ => ProtocolJson.Write(ProtocolJson.ReadDocument<ModelLineage>(bytes, schema)),
        };
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(again));
    }

    [Fact]
    public void EveryFleetSchema_HasAFileAndASample()
    {
        foreach (var schema in Schemas.Fleet) Assert.True(File.Exists(ProtocolSchemas.SchemaFile(schema)), $"{schema} has no file in docs/schemas");
        Assert.Equal(Schemas.Fleet.Order(), Samples.Keys.Order());
    }
}
