using System.Collections.Concurrent;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Capture;

public sealed class HttpStreamTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HttpMjpeg_RealServer_DeliversTheServedFrames(bool contentLength)
    {
        await using var server = new MjpegServer(MediaFrames.RealshortJpegs, fps: 30, contentLength);
        server.Start();
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("mjpeg", server.Url, Hosts.QuickReconnect), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.UntilAsync(() => sink.Count >= 10, "frames from the MJPEG server");

        Assert.All(sink.Results, r => Assert.Equal((320, 240), (r.Width, r.Height)));
        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task HttpMjpeg_ServerGoesAwayAndComesBack_CameraRecoversWhileAnotherKeepsRunning()
    {
        await using var server = new MjpegServer(MediaFrames.RealshortJpegs, fps: 30);
        server.Start();
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var states = new ConcurrentQueue<SourceState>();
        var network = new ResultCollector();
        var local = new ResultCollector();
        await using var ipCamera = CameraPipeline.Create(Hosts.Camera("ipcam", server.Url, Hosts.QuickReconnect), host, TestLogging.Factory);
        await using var other = CameraPipeline.Create(Hosts.Camera("local", "file:" + TestAssets.Media("vtest.avi") + "?loop=true&realtime=true"), host, TestLogging.Factory);
        ipCamera.HealthChanged += (_, h) => states.Enqueue(h.State);
        ipCamera.Subscribe(network);
        other.Subscribe(local);
        ipCamera.Start();
        other.Start();
        await Wait.UntilAsync(() => network.Count >= 10 && local.Count >= 5, "both cameras deliver");

        await server.StopAsync();
        await Wait.UntilAsync(() => ipCamera.Health.State == SourceState.Reconnecting, "the camera notices the server is gone");
        var localAtOutage = local.Count;
        await Wait.UntilAsync(() => local.Count >= localAtOutage + 5, "the other camera keeps delivering during the outage");
        Assert.NotEqual(SourceState.Streaming, ipCamera.Health.State);
        Assert.True(ipCamera.Health.Reconnects >= 2, "reopen attempts while the server is down");

        var before = network.Count;
        server.Start();
        await Wait.UntilAsync(() => network.Count >= before + 10, "frames after the server is back");

        Assert.Equal(SourceState.Streaming, ipCamera.Health.State);
        Assert.Equal(SourceState.Streaming, states.Last());
        Assert.Contains(SourceState.Reconnecting, states);
        Assert.True(server.Connections >= 2);
        Assert.Equal(0, other.Health.Reconnects);
        Assert.Contains(TestLogging.Factory.Messages(303), m => m.Contains("ipcam", StringComparison.Ordinal) && m.Contains("cannot connect", StringComparison.Ordinal));
    }
}
