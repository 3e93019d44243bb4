using System.Collections.Concurrent;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Capture;

/// <summary>Cameras decoded by ffmpeg and gst-launch-1.0 child processes, against the real GStreamer RTSP server.</summary>
public sealed class DecoderProcessTests
{
    private const string User = "viewer";
    private const string Password = "s3cret-pw";

    /// <summary>Quick reconnects, with time for ffmpeg to look at the stream (about a second) before its first frame.</summary>
    private static void Rtsp(SourceOptions source)
    {
        Hosts.QuickReconnect(source);
        source.OpenTimeout = TimeSpan.FromSeconds(10);
        source.StallTimeout = TimeSpan.FromSeconds(3);
    }

    [Theory]
    [InlineData("h264", RtspAuthentication.Basic)]
    [InlineData("mjpeg", RtspAuthentication.Basic)]
    [InlineData("h264", RtspAuthentication.Digest)]
    public async Task Rtsp_AuthenticatedStream_EveryFrameCarriesBlazeFaceDetections(string mount, RtspAuthentication authentication)
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"), User, Password, authentication);
        await server.StartAsync();
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("rtsp-" + mount, server.Url(mount, User, Password), Rtsp), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.UntilAsync(() => sink.Count >= 30, "frames from the RTSP server");

        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.All(sink.Results, r => Assert.Equal((360, 264), (r.Width, r.Height)));
        // Megamind's face is in every frame after its first second (the stream starts at the video's start).
        Assert.All(sink.Results.Where(r => r.FrameId >= 15), r => Assert.NotEmpty(r.Output.Detections));
        Assert.All(sink.Results, r => Assert.DoesNotContain(Password, r.Source, StringComparison.Ordinal));
        Assert.DoesNotContain(TestLogging.Factory.Lines, l => l.Message.Contains(Password, StringComparison.Ordinal));
        Assert.Contains(TestLogging.Factory.Messages(340), m => m.Contains($"127.0.0.1:{server.Port}/{mount}", StringComparison.Ordinal) && m.Contains("decoder ffmpeg", StringComparison.Ordinal));
        var pid = DecoderPid($":{server.Port}/{mount}");
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        Assert.Contains("rawvideo", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", commandLine, StringComparison.Ordinal);

        await camera.StopAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), $"ffmpeg (pid {pid}) is gone once the camera stopped");
    }

    /// <summary>The pid of the decoder process started for the source whose address ends in <paramref name="address"/> (event 341).</summary>
    private static int DecoderPid(string address)
    {
        var started = TestLogging.Factory.Messages(341).Last(m => m.Contains(address, StringComparison.Ordinal));
        var at = started.IndexOf("(pid ", StringComparison.Ordinal) + 5;
        return int.Parse(started[at..started.IndexOf(',', at)], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Rtsp_ServerKilledAndRestarted_CameraReconnectsByItselfWhileAnotherKeepsRunning()
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"));
        await server.StartAsync();
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var states = new ConcurrentQueue<SourceState>();
        var network = new ResultCollector();
        var local = new ResultCollector();
        await using var ipCamera = CameraPipeline.Create(Hosts.Camera("rtsp-restart", server.Url("h264"), Rtsp), host, TestLogging.Factory);
        await using var other = CameraPipeline.Create(Hosts.Camera("rtsp-other", "test:?width=320&height=240&fps=10"), host, TestLogging.Factory);
        ipCamera.HealthChanged += (_, h) => states.Enqueue(h.State);
        ipCamera.Subscribe(network);
        other.Subscribe(local);
        ipCamera.Start();
        other.Start();
        await Wait.UntilAsync(() => network.Count >= 5 && local.Count >= 5, "both cameras deliver");

        await server.StopAsync();
        await Wait.UntilAsync(() => ipCamera.Health.State == SourceState.Reconnecting && ipCamera.Health.Reconnects >= 2, "the camera retries while the server is down");
        var localDuringOutage = local.Count;
        await Wait.UntilAsync(() => local.Count >= localDuringOutage + 3, "the other camera keeps delivering during the outage");
        await server.StartAsync();
        var before = network.Count;
        await Wait.UntilAsync(() => network.Count >= before + 5, "frames after the server is back");

        Assert.Equal(SourceState.Streaming, ipCamera.Health.State);
        Assert.Equal(SourceState.Streaming, states.Last());
        Assert.Equal(0, other.Health.Reconnects);
        Assert.Contains(TestLogging.Factory.Messages(303), m => m.Contains("rtsp-restart", StringComparison.Ordinal) && m.Contains("connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rtsp_DecoderHangs_StallKillsItsProcessGroupAndAFreshDecoderStreams()
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"));
        await server.StartAsync();
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var states = new ConcurrentQueue<SourceState>();
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("rtsp-hang", server.Url("mjpeg"), Rtsp), host, TestLogging.Factory);
        camera.HealthChanged += (_, h) => states.Enqueue(h.State);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.UntilAsync(() => sink.Count >= 5, "frames before the hang");
        var hung = DecoderPid($":{server.Port}/mjpeg");

        using (var stop = System.Diagnostics.Process.Start("kill", ["-STOP", hung.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await stop.WaitForExitAsync();
        await Wait.UntilAsync(() => states.Contains(SourceState.Stalled), "the stall is noticed");
        await Wait.UntilAsync(() => !Directory.Exists($"/proc/{hung}"), "the hung ffmpeg is killed");
        var before = sink.Count;
        await Wait.UntilAsync(() => sink.Count >= before + 5, "frames from a fresh ffmpeg");

        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.Equal(1, camera.Health.Stalls);
        Assert.NotEqual(hung, DecoderPid($":{server.Port}/mjpeg"));
    }

    private static readonly TimeSpan FourCameraRun = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Rtsp_FourCamerasOnOneModelHost_EveryFrameAccountedFor()
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"));
        await server.StartAsync();
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var names = Enumerable.Range(0, 4).Select(i => $"rtsp-four-{i}").ToArray();
        var metrics = names.Select(n => new MetricRecorder(n)).ToArray();
        var cameras = names.Select((n, i) => CameraPipeline.Create(Hosts.Camera(n, server.Url(i % 2 == 0 ? "h264" : "mjpeg"), Rtsp), host, TestLogging.Factory)).ToArray();
        var sinks = cameras.Select(c =>
        {
            var sink = new ResultCollector();
            c.Subscribe(sink);
            return sink;
        }).ToArray();
        var running = System.Diagnostics.Stopwatch.StartNew();
        foreach (var camera in cameras) camera.Start();

        await Wait.UntilAsync(() => sinks.All(s => s.Count >= 30), "30 results from each of the 4 cameras");
        var rest = FourCameraRun - running.Elapsed;
        if (rest > TimeSpan.Zero) await Task.Delay(rest); // 60 s of 4 streams on one model host: frames are dropped, each one counted
        foreach (var camera in cameras) await camera.DisposeAsync();

        for (var i = 0; i < cameras.Length; i++)
        {
            var c = cameras[i].Counters;
            Assert.Equal(c.Captured, c.Delivered + c.Dropped + c.Skipped);
            Assert.Equal(sinks[i].Count, c.Delivered);
            Assert.Equal(c.Dropped, metrics[i].Sum("dsedge.camera.frames.dropped"));
            Assert.Equal(c.Captured, metrics[i].Sum("dsedge.camera.frames.captured"));
            metrics[i].Dispose();
        }
    }

    [Theory]
    [InlineData(RtspAuthentication.Basic)]
    [InlineData(RtspAuthentication.Digest)]
    public async Task Rtsp_WrongPassword_FailsOnceWith401InTheReasonAndIsNotRetried(RtspAuthentication authentication)
    {
        await using var server = new RtspServer(TestAssets.Media("Megamind.avi"), User, Password, authentication);
        await server.StartAsync();
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        await using var camera = CameraPipeline.Create(Hosts.Camera("rtsp-401", server.Url("h264", User, "wrong-pw"), Rtsp), host, TestLogging.Factory);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "the camera to fail");

        var health = camera.Health;
        Assert.Equal(SourceState.Failed, health.State);
        Assert.Contains("401", health.Detail, StringComparison.Ordinal);
        Assert.Contains("user name and password", health.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", health.Detail, StringComparison.Ordinal);
        Assert.Equal(0, health.Reconnects);
        Assert.Single(TestLogging.Factory.Messages(341), m => m.Contains(":" + server.Port + "/h264", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 ! appsink")]
    [InlineData("filesrc location=\"{megamind}\" ! decodebin ! videoconvert ! appsink")]
    public async Task GStreamerPipeline_GstLaunchBackend_StreamsScaledFrames(string pipeline)
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var sink = new ResultCollector();
        var uri = "gst:" + pipeline.Replace("{megamind}", TestAssets.Media("Megamind.avi"), StringComparison.Ordinal);
        await using var camera = CameraPipeline.Create(Hosts.Camera("gst-test", uri, s =>
        {
            Hosts.QuickReconnect(s);
            s.Decoder = DecoderBackend.GStreamer;
            (s.Width, s.Height) = (160, 120);
        }), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.UntilAsync(() => sink.Count >= 10, "frames from gst-launch-1.0");

        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.All(sink.Results, r => Assert.Equal((160, 120), (r.Width, r.Height)));
    }

    [Fact]
    public async Task GStreamerPipeline_UnknownElement_FailsForGoodNamingWhatToInstall()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        await using var camera = CameraPipeline.Create(Hosts.Camera("gst-missing", "gst:nosuchcamerasrc ! appsink", s =>
        {
            Hosts.QuickReconnect(s);
            s.Decoder = DecoderBackend.GStreamer;
        }), host, TestLogging.Factory);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "the camera to fail");

        Assert.Equal(SourceState.Failed, camera.Health.State);
        Assert.Contains("no such element", camera.Health.Detail, StringComparison.Ordinal);
        Assert.Contains("nosuchcamerasrc", camera.Health.Detail, StringComparison.Ordinal);
        Assert.Equal(0, camera.Health.Reconnects);
    }
}
