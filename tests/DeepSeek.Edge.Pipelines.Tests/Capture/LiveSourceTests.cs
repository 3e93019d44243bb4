using System.Collections.Concurrent;
using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Capture;

public sealed class LiveSourceTests
{
    [Fact]
    public async Task Stall_SourceStopsDelivering_ReopensByItselfWhileAnotherCameraKeepsRunning()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var scripted = new ScriptedSource();
        var states = new ConcurrentQueue<SourceState>();
        var stalled = new ResultCollector();
        var steady = new ResultCollector();
        await using var flaky = CameraPipeline.Create(Hosts.Camera("stall-a", "test:", Hosts.QuickReconnect), host, TestLogging.Factory, source: scripted);
        await using var other = CameraPipeline.Create(Hosts.Camera("stall-b", "test:?width=320&height=240&fps=25", Hosts.QuickReconnect), host, TestLogging.Factory);
        flaky.HealthChanged += (_, h) => states.Enqueue(h.State);
        flaky.Subscribe(stalled);
        other.Subscribe(steady);
        flaky.Start();
        other.Start();
        await Wait.UntilAsync(() => stalled.Count >= 10 && steady.Count >= 10, "both cameras deliver");

        var otherAtStall = steady.Count;
        scripted.Stall();
        await Wait.UntilAsync(() => states.Contains(SourceState.Stalled), "the stall is noticed");
        var otherWhileStalled = steady.Count - otherAtStall;
        var flakyBefore = stalled.Count;
        await Wait.UntilAsync(() => stalled.Count >= flakyBefore + 10, "frames flow again after the reopen");

        Assert.Equal(SourceState.Streaming, flaky.Health.State);
        Assert.Equal([SourceState.Streaming, SourceState.Stalled, SourceState.Reconnecting, SourceState.Streaming], states.ToArray());
        Assert.True(scripted.Opens >= 2, "the source was reopened");
        Assert.Equal(1, flaky.Health.Stalls);
        Assert.True(otherWhileStalled >= 10, $"the other camera kept delivering while this one was stalled ({otherWhileStalled} results in the 1.5 s stall timeout)");
        Assert.Equal(SourceState.Streaming, other.Health.State);
        Assert.Contains(TestLogging.Factory.Messages(304), m => m.Contains("stall-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadErrors_SourceFailsTwice_ReopensAndRecovers()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var scripted = new ScriptedSource();
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("errors", "test:", Hosts.QuickReconnect), host, TestLogging.Factory, source: scripted);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.UntilAsync(() => sink.Count >= 5, "frames arrive");

        scripted.FailReads(1);
        await Wait.UntilAsync(() => scripted.Opens >= 2, "the source is reopened");
        var before = sink.Count;
        await Wait.UntilAsync(() => sink.Count >= before + 5, "frames flow again");

        Assert.Equal(SourceState.Streaming, camera.Health.State);
        Assert.True(camera.Health.Reconnects >= 1);
        Assert.Contains(TestLogging.Factory.Messages(305), m => m.Contains("errors", StringComparison.Ordinal) && m.Contains("scripted read failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenFailures_ThreeTransientErrors_RetriedWithBackoffUntilTheSourceOpens()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var scripted = new ScriptedSource();
        scripted.FailOpens(3);
        var sink = new ResultCollector();
        using var metrics = new MetricRecorder("opens");
        await using var camera = CameraPipeline.Create(Hosts.Camera("opens", "test:", Hosts.QuickReconnect), host, TestLogging.Factory, source: scripted);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.UntilAsync(() => sink.Count >= 3, "frames after the source finally opens");

        Assert.Equal(4, scripted.Opens);
        Assert.Equal(3, camera.Health.Reconnects);
        Assert.Equal(3, metrics.Sum("dsedge.camera.source.reconnects"));
        Assert.Equal(3, TestLogging.Factory.Messages(303).Count(m => m.Contains("opens:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OpenFailures_MoreThanMaxReconnectAttempts_SourceFailsAndCameraFinishes()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var scripted = new ScriptedSource();
        scripted.FailOpens(100);
        await using var camera = CameraPipeline.Create(Hosts.Camera("gives-up", "test:", s =>
        {
            Hosts.QuickReconnect(s);
            s.MaxReconnectAttempts = 2;
        }), host, TestLogging.Factory, source: scripted);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "the camera to give up");

        Assert.Equal(3, scripted.Opens);
        Assert.Equal(SourceState.Failed, camera.Health.State);
        Assert.Contains("scripted open failure", camera.Health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsiSource_OpenCvWithoutGStreamer_FailsAtOnceAndStaysFailedSayingWhatToInstall()
    {
        Assert.False(DeepSeek.Edge.Pipelines.Sources.VideoIoSupport.HasGStreamer, "this check is for OpenCV builds without GStreamer");
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        await using var camera = CameraPipeline.Create(Hosts.Camera("csi", "csi://0?width=1280&height=720&fps=30", s => s.Decoder = DecoderBackend.OpenCv), host, TestLogging.Factory);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "the CSI camera to fail");

        await camera.StopAsync();
        var health = camera.Health;
        Assert.Equal(SourceState.Failed, health.State);
        Assert.Equal(0, health.Reconnects);
        Assert.Contains("GStreamer", health.Detail, StringComparison.Ordinal);
        Assert.Contains("nvarguscamerasrc", health.Detail, StringComparison.Ordinal);
        Assert.Contains("install", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveSource_InferenceSlowerThanCapture_DropsOldestAndAccountsForEveryFrame()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var sink = new ResultCollector();
        using var metrics = new MetricRecorder("flood");
        var camera = CameraPipeline.Create(Hosts.Camera("flood", "test:?fps=0"), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.UntilAsync(() => camera.Counters.Dropped >= 20 && sink.Count >= 20, "drops while inference lags");

        await camera.DisposeAsync();

        var c = camera.Counters;
        Assert.True(c.DroppedByReason.GetValueOrDefault(DropReasons.QueueFull) > 0);
        Assert.Equal(c.Captured, c.Delivered + c.Dropped + c.Skipped);
        Assert.Equal(c.Processed, c.Delivered + c.DroppedByReason.GetValueOrDefault(DropReasons.SinksBehind));
        Assert.Equal(sink.Count, c.Delivered);
        Assert.Equal(c.Dropped, metrics.Sum("dsedge.camera.frames.dropped"));
        Assert.Equal(c.Captured, metrics.Sum("dsedge.camera.frames.captured"));
        Assert.True(sink.Results.Zip(sink.Results.Skip(1)).All(p => p.First.FrameId < p.Second.FrameId), "results stay in capture order");
        Assert.Contains(TestLogging.Factory.Messages(310), m => m.Contains("flood", StringComparison.Ordinal) && m.Contains("queue_full", StringComparison.Ordinal));
    }
}
