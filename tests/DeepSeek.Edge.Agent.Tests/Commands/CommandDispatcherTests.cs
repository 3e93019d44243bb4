using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Agent.Commands;
using DeepSeek.Edge.Protocol.Json;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Tests.Commands;

public sealed class CommandDispatcherTests
{
    private readonly FakeCommandTarget _target = new();
    private CommandDispatcher Dispatcher => new(_target, TimeProvider.System);

    [Fact]
    public async Task Dispatch_Ping_PongsWithTheDeviceTimeInUtcZ()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var r = await Dispatcher.DispatchAsync("ping", ReadOnlyMemory<byte>.Empty, default);

        Assert.True(r.Ok);
        // The protocol's one time form (UTC, "Z"), as everywhere else on the wire, not "+00:00".
        var pong = r.Result!["pong"]!.GetValue<string>();
        Assert.Matches(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z\z", pong);
        Assert.InRange(DateTimeOffset.Parse(pong, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Dispatch_SetThresholdAndDisable_ReachesTheCamera()
    {
        var r = await Dispatcher.DispatchAsync("set", Payload("""{"camera":"yard","score_threshold":0.7,"enabled":false}"""), default);

        Assert.True(r.Ok, r.Error);
        var (camera, change) = Assert.Single(_target.Sets);
        Assert.Equal("yard", camera);
        Assert.Equal(0.7f, change.Values.ScoreThreshold);
        Assert.False(change.Values.Enabled);
        Assert.Null(change.Values.IouThreshold);
        Assert.Empty(change.Cleared);
    }

    [Fact]
    public async Task Dispatch_SetWithNull_ClearsThatOverrideOnly()
    {
        var r = await Dispatcher.DispatchAsync("set", Payload("""{"camera":"yard","enabled":null,"iou_threshold":0.4}"""), default);

        Assert.True(r.Ok, r.Error);
        var (_, change) = Assert.Single(_target.Sets);
        Assert.Equal(["enabled"], change.Cleared);
        Assert.Equal(new CameraSettings(IouThreshold: 0.4f), change.Values);
        Assert.Equal("""["enabled"]""", r.Result!["cleared"]!.ToJsonString());
    }

    [Theory]
    [InlineData("set", """{"camera":"yard","score_threshold":1.5}""", "between 0 and 1")]
    [InlineData("set", """{"camera":"yard"}""", "at least one of")]
    [InlineData("set", """{"camera":"yard","threshold":0.7}""", "\"set\" does not know \"args.threshold\"; it takes camera and score_threshold")]
    [InlineData("set", """{"camera":"yard","clear":true}""", "does not know \"args.clear\"")]
    [InlineData("set", """{"camera":"yard","enabled":false,"enabled":null}""", "enabled")]
    [InlineData("set", """{"camera":"yard","enabled":"false"}""", "must be true or false")]
    [InlineData("set", """{"camera":"garage","enabled":true}""", "unknown camera \"garage\"; cameras: front-door, yard")]
    [InlineData("snapshot", """{"camera":"yard"}""", "no frame yet")]
    [InlineData("log-level", """{"level":"loud"}""", "Trace, Debug")]
    [InlineData("reboot", "{}", "unknown command \"reboot\"; known: ping, status")]
    public async Task Dispatch_BadRequest_AnswersWithAnErrorSayingWhatIsAccepted(string verb, string args, string expected)
    {
        var r = await Dispatcher.DispatchAsync(verb, Payload(args), default);

        Assert.False(r.Ok);
        Assert.Contains(expected, r.Error);
    }

    [Fact]
    public async Task Dispatch_SnapshotRestartAndLogLevel_Work()
    {
        var snap = await Dispatcher.DispatchAsync("snapshot", Payload("""{"camera":"front-door"}"""), default);
        var restart = await Dispatcher.DispatchAsync("restart-pipeline", Payload("""{"camera":"yard"}"""), default);
        var level = await Dispatcher.DispatchAsync("log-level", Payload("""{"level":"debug"}"""), default);

        Assert.Equal("/9j/2Q==", snap.Result!["jpeg_base64"]!.GetValue<string>());
        Assert.Equal(["yard"], _target.Restarts);
        Assert.True(level.Ok);
        Assert.Equal(LogLevel.Debug, _target.Level);
    }

    [Fact]
    public async Task Dispatch_ThousandsOfRandomPayloads_NeverThrowsAndAlwaysAnswers()
    {
        var random = new Random(20261128);
        var samples = new[] { "{", "[]", "null", "\"x\"", "{\"args\":5}", "{\"schema\":1}", "{\"args\":{\"camera\":[1]}}", "{\"args\":{\"camera\":\"yard\",\"enabled\":\"yes\"}}" };
        var verbs = CommandDispatcher.Verbs.Concat(["", "PING", "set ", "../x"]).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            byte[] payload = (i % 3) switch
            {
                0 => RandomBytes(random),
                1 => Encoding.UTF8.GetBytes(samples[random.Next(samples.Length)]),
                _ => Mutate(random, Encoding.UTF8.GetBytes("""{"schema":"deepseek-edge/command/v1","args":{"camera":"yard","score_threshold":0.5,"level":"info"}}""")),
            };
            var verb = verbs[random.Next(verbs.Length)];

            var response = await Dispatcher.DispatchAsync(verb, payload, default);

            Assert.NotNull(JsonNode.Parse(ProtocolJson.Write(response)));
            Assert.True(response.Ok || !string.IsNullOrEmpty(response.Error));
        }
    }

    [Fact]
    public async Task Dispatch_Capture_AsksTheCameraForItsNextFrames()
    {
        var one = await Dispatcher.DispatchAsync("capture", Payload("""{"camera":"yard"}"""), default);
        var three = await Dispatcher.DispatchAsync("capture", Payload("""{"camera":"yard","frames":3}"""), default);

        Assert.True(one.Ok && three.Ok, one.Error + three.Error);
        Assert.Equal([("yard", 1), ("yard", 3)], _target.Captures);
        Assert.Equal(4, three.Result!["waiting"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"camera":"yard","frames":0}""", "\"args.frames\" is 0; give a whole number of frames from 1 to 100")]
    [InlineData("""{"camera":"yard","frames":2.5}""", "\"args.frames\" is 2.5")]
    [InlineData("""{"camera":"yard","count":2}""", "\"capture\" does not know \"args.count\"")]
    [InlineData("""{"camera":"attic"}""", "unknown camera \"attic\"")]
    public async Task Dispatch_CaptureWithBadArguments_IsRefusedSayingWhy(string args, string expected)
    {
        var r = await Dispatcher.DispatchAsync("capture", Payload(args), default);

        Assert.False(r.Ok);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
        Assert.Empty(_target.Captures);
    }

    private static ReadOnlyMemory<byte> Payload(string args) =>
        Encoding.UTF8.GetBytes($$"""{"schema":"deepseek-edge/command/v1","args":{{args}}}""");

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        for (var i = 0; i < 3; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }
}
