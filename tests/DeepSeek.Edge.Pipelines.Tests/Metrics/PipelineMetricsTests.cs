using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Metrics;

public sealed class PipelineMetricsTests
{
    [Fact]
    public async Task FileRun_RecordsFramesStagesLatencyAndInferencesOnTheEdgeMeter()
    {
        using var metrics = new MetricRecorder("metered");
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        await using var camera = CameraPipeline.Create(Hosts.Camera("metered", "file:" + TestAssets.Media("realshort.mp4")), host, TestLogging.Factory);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "realshort.mp4 to end");

        Assert.Equal(36, metrics.Sum("dsedge.camera.frames.captured"));
        Assert.Equal(36, metrics.Sum("dsedge.camera.frames.processed"));
        Assert.Equal(0, metrics.Count("dsedge.camera.frames.dropped"));
        foreach (var stage in PipelineStages.All)
            Assert.Equal(36, metrics.Count("dsedge.pipeline.stage.duration", ("stage", stage)));
        Assert.Equal(36, metrics.Count("dsedge.pipeline.latency"));
        Assert.All(metrics.Matching("dsedge.pipeline.latency"), m => Assert.True(m.Value > 0));
        Assert.Equal(36, metrics.Sum("dsedge.pipeline.inferences", ("model", "blazeface-front"), ("version", "1.0.0"), ("provider", "cpu")));
        Assert.Equal(1, metrics.Sum("dsedge.camera.source.state_changes", ("state", "streaming")));
        Assert.Equal(1, metrics.Sum("dsedge.camera.source.state_changes", ("state", "ended")));
    }

    [Fact]
    public async Task SourceStateGauge_ReportsOneForTheCurrentStateOfEachCamera()
    {
        using var metrics = new MetricRecorder("gauged");
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        await using var camera = CameraPipeline.Create(Hosts.Camera("gauged", "test:?width=320&height=240&fps=30"), host, TestLogging.Factory);
        camera.Start();
        await Wait.UntilAsync(() => camera.Counters.Processed > 0, "the camera streams");

        metrics.Observe();

        var states = metrics.Matching("dsedge.camera.source.state").ToArray();
        Assert.Equal(7, states.Length);
        Assert.Equal("streaming", Assert.Single(states, s => s.Value == 1).Tags["state"]);
    }

    [Fact]
    public async Task SinkThrows_ErrorsAreCountedAndLoggedAndOtherSinksGetEveryResult()
    {
        using var metrics = new MetricRecorder("sinks");
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var good = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("sinks", "file:" + TestAssets.Media("realshort.mp4")), host, TestLogging.Factory);
        camera.Subscribe(ResultSink.From((_, _) => throw new InvalidOperationException("sink is broken")), "broken");
        camera.Subscribe(good);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "realshort.mp4 to end");

        Assert.Equal(36, good.Count);
        Assert.Equal(36, metrics.Sum("dsedge.pipeline.sink.errors", ("sink", "broken")));
        Assert.Equal(36, camera.Counters.Delivered);
        var logged = TestLogging.Factory.Messages(312).Where(m => m.Contains("sinks", StringComparison.Ordinal) && m.Contains("broken", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, logged.Length);
        Assert.Contains("(10 error(s) so far)", logged[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_DisposedHandle_StopsDeliveringToThatSink()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var kept = new ResultCollector();
        var removed = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("unsubscribe", "test:?width=320&height=240&fps=30"), host, TestLogging.Factory);
        camera.Subscribe(kept);
        var handle = camera.Subscribe(removed);
        camera.Start();
        await Wait.UntilAsync(() => removed.Count >= 3, "the second sink gets results");

        handle.Dispose();
        var removedAt = removed.Count;
        var keptAt = kept.Count;
        await Wait.UntilAsync(() => kept.Count >= keptAt + 10, "more results");

        Assert.InRange(removed.Count, removedAt, removedAt + 1);
    }
}
