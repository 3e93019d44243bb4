using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Documents.Local;
using DeepSeek.Edge.Protocol.Json;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Protocol.Tests;

/// <summary>
/// Every document is written as its schema in docs/schemas/ says (and nothing undeclared), and reads back to the same document:
/// what the agent writes, the console can read, including the fields a document leaves out.
/// </summary>
public sealed class RoundTripTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 13, 0, 10, 120, TimeSpan.FromHours(1));
    private static readonly CameraHealth Camera = new("door", "rtsp://cam.local/live", "running", "faces@1.2.0", "cpu", 120, 118, 2, 14.8, null)
    {
        Overrides = new Dictionary<string, SettingOverride> { ["score_threshold"] = new(JsonValue.Create(0.7), JsonValue.Create(0.5)) },
    };

    private static readonly DeviceHealth Health = new(At, 41.5, 8_000_000, 4_000_000, 200_000, 220_000, 64_000_000, 32_000_000,
        [new TemperatureReading("thermal_zone0", "CPU-therm", 57)], null, null, 3600, 10);

    public static TheoryData<string> Documents => new(Samples.Keys);

    private static readonly Dictionary<string, Func<byte[]>> Samples = new()
    {
        ["status online"] = () => ProtocolJson.Write(new StatusDocument("cam-01", StatusDocument.Online, "1.0.0", At) { Ts = At }),
        ["status will"] = () => ProtocolJson.Write(new StatusDocument("cam-01", StatusDocument.Offline, "1.0.0", At) { Reason = StatusDocument.ConnectionLost }),
        ["telemetry"] = () => ProtocolJson.Write(new TelemetryDocument("cam-01", "3f0c", 1042, At, new AgentSummary("1.0.0", "healthy", At, 10, true), [Camera], Health)),
        ["telemetry with quality and captures"] = () => ProtocolJson.Write(new TelemetryDocument("cam-01", "3f0c", 1043, At, new AgentSummary("1.0.0", "healthy", At, 70, true), [Camera], null)
        {
            Quality = [new QualitySample("door", "faces", "1.2.0", 60, 1200, 1500, 1.25, [0, 0, 0, 40, 60, 100, 200, 300, 400, 400], 90, 0.075, 2)],
            Captures = new CaptureCounts(12, 10, 9, new Dictionary<string, long> { ["hour_cap"] = 2 }),
        }),
        ["telemetry without health"] = () => ProtocolJson.Write(new TelemetryDocument("cam-01", "3f0c", 1, At, new AgentSummary("1.0.0", "degraded", At, 0, false), [], null)),
        ["reported state"] = () => ProtocolJson.Write(new ReportedStateDocument("cam-01", "3f0c", 7, At, [new CameraReport("door", "file:///v.mp4", "starting")], "1.0.0")),
        ["reported state with inference"] = () => ProtocolJson.Write(new ReportedStateDocument("cam-01", "3f0c", 8, At,
            [new CameraReport("door", "file:///v.mp4", "streaming", "faces@1.2.0-int8", "tensorrt")
            {
                Inference = new InferenceReport("int8", ["tensorrt", "cuda", "cpu"], "require", "tensorrt", 2,
                    [new PlacementReport("tensorrt", 1, new Dictionary<string, int> { ["TRTKernel_graph_main_0"] = 1 }), new PlacementReport("cpu", 2, new Dictionary<string, int> { ["Shape"] = 2 })])
                {
                    TensorRtPrecision = "int8+fp16",
                    ProviderOptions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["tensorrt"] = new Dictionary<string, string> { ["trt_int8_enable"] = "1", ["trt_fp16_enable"] = "1" } },
                    SessionConfig = new Dictionary<string, string> { ["session.disable_cpu_ep_fallback"] = "1" },
                    EngineCache = "/var/cache/deepseek-edge/trt/faces/0123456789ab-int8_fp16-1a2b3c4d-5e6f7a8b",
                    PrecisionWarnings = ["uint8_activations_on_tensorrt"],
                },
            }], "1.0.0")),
        ["event"] = () => ProtocolJson.Write(new EventDocument("cam-01", "3f0c", 1043, At, "door", 1234, new ResultModel("faces", "1.2.0", "tensorrt"),
            "face", 0.92, [412.5, 96, 88, 120.5], [1280, 720], true) { SnapshotJpegBase64 = "/9j/4AAQ" }),
        ["trigger"] = () => ProtocolJson.Write(new TriggerDocument("cam-01", "3f0c", 1050, At, "gate", 1290, new TriggerEdge(43, At), new ResultModel("faces", "1.2.0"),
            [new DetectionItem("face", 0.91, [1, 2, 3, 4])], [1280, 720], "/9j/4AAQ")),
        ["capture"] = () => ProtocolJson.Write(new CaptureDocument("cam-01", "3f0c", 1051, At, "door", 1300, CaptureDocument.BandReason,
            new CaptureModel("faces", "1.2.0", "int8", "cpu"), [new DetectionItem("face", 0.47, [412.5, 96, 88, 120.5])], [1280, 720], [640, 360], 85, "/9j/4AAQ")),
        ["model state"] = () => ProtocolJson.Write(new ModelStateDocument("cam-01", At, new Dictionary<string, CameraUpdate>
        {
            ["door"] = new("faces", "1.3.0", "downloading") { Bytes = 1024, Total = 4096, DesiredVersion = "7" },
        }) { DesiredState = new DesiredStateOutcome(DesiredStateOutcome.Rejected, "dsedge/devices/cam-01/state/desired", At) { Reason = "bad name" } }),
        ["desired state"] = () => ProtocolJson.Write(new DesiredStateDocument("7", [
            new DesiredModel("faces", "1.2.0", ["door"]),
            new DesiredModel("faces", "1.3.0", null, new Uri("https://models.example.com/f.zip"), new string('a', 64), 1024) { AllowDowngrade = true }])),
        ["model offer"] = () => ProtocolJson.Write(ModelOffer.Create("faces", "1.2.0", new ChunkManifest(5000, new string('b', 64), 4096, [new string('c', 64), new string('d', 64)]), [1, 2], null)),
        ["command"] = () => ProtocolJson.Write(new CommandRequest(new JsonObject { ["camera"] = "door" })),
        ["response ok"] = () => ProtocolJson.Write(CommandResponse.Success("ping", new JsonObject { ["pong"] = "x+y" })),
        ["response error"] = () => ProtocolJson.Write(CommandResponse.Failure("reboot", "unknown command")),
        ["local status"] = () => ProtocolJson.Write(new LocalStatus("cam-01", At,
            new BrokerLink("broker.local:8883", "connected", true, 3, 2) { ConnectedSince = At, LastDisconnectAt = At, LastDisconnectReason = "KeepAliveTimeout: no PINGRESP" },
            new OutboxBacklog(2, 900, 1, 0, 0, [new OutboxLane("telemetry", 2, 900, 40, new Dictionary<string, long> { ["full"] = 1 }) { OldestAgeS = 12.5 }]),
            [new CameraDetail("door", [new ProviderTry("tensorrt", false) { Reason = "not built into this ONNX Runtime library" }, new ProviderTry("cpu", true)],
                [new StageLatency("inference", 256, 4.25, 6.5)])
            {
                Model = "faces@1.2.0", Desired = "faces@1.3.0", Update = new CameraUpdate("faces", "1.3.0", "downloading") { Bytes = 1024, Total = 4096, DesiredVersion = "7" },
            }],
            new ProblemLog(3, 1, [new LoggedProblem(At, "error", "CameraManager", 801, "Camera yard cannot start: <b>not found</b>")]))),
        ["health"] = () => ProtocolJson.Write(new AgentHealth(true, "healthy", true, [Camera], At, "1.0.0") { Device = "cam-01", Reasons = [] }),
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Written_ConformsToItsSchema(string document) =>
        Assert.Empty(ProtocolSchemas.Problems(Samples[document]()));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Written_ReadsBackToTheSameDocument(string document)
    {
        var bytes = Samples[document]();
        var again = ProtocolJson.SchemaOf(bytes) switch
        {
            Schemas.Status => ProtocolJson.Write(ProtocolJson.ReadDocument<StatusDocument>(bytes, document)),
            Schemas.Telemetry => ProtocolJson.Write(ProtocolJson.ReadDocument<TelemetryDocument>(bytes, document)),
            Schemas.ReportedState => ProtocolJson.Write(ProtocolJson.ReadDocument<ReportedStateDocument>(bytes, document)),
            Schemas.Event => ProtocolJson.Write(ProtocolJson.ReadDocument<EventDocument>(bytes, document)),
            Schemas.Trigger => ProtocolJson.Write(ProtocolJson.ReadDocument<TriggerDocument>(bytes, document)),
            Schemas.Capture => ProtocolJson.Write(ProtocolJson.ReadDocument<CaptureDocument>(bytes, document)),
            Schemas.ModelState => ProtocolJson.Write(ProtocolJson.ReadDocument<ModelStateDocument>(bytes, document)),
            Schemas.DesiredState => ProtocolJson.Write(DesiredStateDocument.Parse(bytes)),
            Schemas.ModelOffer => ProtocolJson.Write(ModelOffer.Parse(bytes)),
            Schemas.Command => ProtocolJson.Write(ProtocolJson.ReadDocument<CommandRequest>(bytes, document)),
            Schemas.Response => ProtocolJson.Write(ProtocolJson.ReadDocument<CommandResponse>(bytes, document)),
            Schemas.Health => ProtocolJson.Write(ProtocolJson.ReadDocument<AgentHealth>(bytes, document)),
            Schemas.LocalStatus => ProtocolJson.Write(ProtocolJson.ReadDocument<LocalStatus>(bytes, document)),
            var other => throw new InvalidOperationException($"no reader for {other}"),
        };
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), System.Text.Encoding.UTF8.GetString(again));
    }

    [Fact]
    public void Times_AreUtcWithZ_AndPlusIsNotEscaped()
    {
        var text = System.Text.Encoding.UTF8.GetString(Samples["response ok"]()) + System.Text.Encoding.UTF8.GetString(Samples["status online"]());
        Assert.Contains("\"x+y\"", text, StringComparison.Ordinal);
        Assert.Contains("\"started_at\":\"2026-03-01T12:00:10.1200000Z\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySchema_HasAFileAndASample()
    {
        foreach (var schema in Schemas.All) Assert.True(File.Exists(ProtocolSchemas.SchemaFile(schema)), $"{schema} has no file in docs/schemas");
        var sampled = Samples.Values.Select(s => ProtocolJson.SchemaOf(s())).ToHashSet();
        Assert.Equal(Schemas.All.Order(), sampled.Order()!);
    }

    [Theory]
    [InlineData("""{"schema":"deepseek-edge/telemetry/v1","device":"cam-01","epoch":"e","ts":"2026-03-01T12:00:00Z","agent":{"version":"1","status":"healthy","started_at":"2026-03-01T12:00:00Z","uptime_s":1,"mqtt_connected":true},"cameras":[]}""", "seq")]
    [InlineData("""{"schema":"deepseek-edge/event/v1","device":"cam-01"}""", "epoch")]
    [InlineData("""{"schema":"deepseek-edge/status/v1","device":null,"state":"online","agent_version":"1","started_at":"2026-03-01T12:00:00Z"}""", "device")]
    [InlineData("""{"schema":"deepseek-edge/status/v2","device":"a","state":"online","agent_version":"1","started_at":"2026-03-01T12:00:00Z"}""", "deepseek-edge/status/v2")]
    [InlineData("""[1,2]""", "no \"schema\"")]
    public void Read_MissingRequiredFieldNullOrOtherSchema_IsRefusedNamingIt(string json, string named)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var error = Assert.Throws<FormatException>(() => ProtocolJson.SchemaOf(bytes) switch
        {
            Schemas.Telemetry => (object)ProtocolJson.ReadDocument<TelemetryDocument>(bytes, "telemetry"),
            Schemas.Event => ProtocolJson.ReadDocument<EventDocument>(bytes, "event"),
            _ => ProtocolJson.ReadDocument<StatusDocument>(bytes, "status"),
        });
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fps_out", "\"fast\"", "/cameras/0/fps_out")]
    [InlineData("cpu_percent", "41", "/cameras/0/cpu_percent: sent but not declared")]
    public void SchemaCheck_WrongTypeOrUndeclaredField_IsFound(string field, string value, string problem)
    {
        var json = JsonNode.Parse(Samples["telemetry"]())!;
        json["cameras"]![0]![field] = JsonNode.Parse(value);
        var problems = ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()));
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }
}
