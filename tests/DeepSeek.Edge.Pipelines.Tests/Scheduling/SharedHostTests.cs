using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Scheduling;

public sealed class SharedHostTests
{
    [Fact]
    public async Task SharedHost_TwoFileCameras_EachFrameOfEachProcessedExactlyOnce()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var first = new ResultCollector();
        var second = new ResultCollector();
        await using var a = CameraPipeline.Create(Hosts.Camera("shared-a", "file:" + TestAssets.Media("realshort.mp4")), host, TestLogging.Factory);
        await using var b = CameraPipeline.Create(Hosts.Camera("shared-b", "file:" + TestAssets.Media("Megamind.avi")), host, TestLogging.Factory);
        a.Subscribe(first);
        b.Subscribe(second);
        a.Start();
        b.Start();
        Assert.Equal(2, host.Cameras);

        await Wait.ForAsync(Task.WhenAll(a.Completion, b.Completion), "both files to end");

        Assert.Equal(Enumerable.Range(0, 36).Select(i => (long)i), first.Results.Select(r => r.FrameId));
        Assert.Equal(Enumerable.Range(0, (int)b.Counters.Captured).Select(i => (long)i), second.Results.Select(r => r.FrameId));
        Assert.True(b.Counters.Captured > 100);
        Assert.All(first.Results, r => Assert.Equal("shared-a", r.Camera));
        Assert.All(second.Results, r => Assert.Equal("shared-b", r.Camera));
        Assert.Equal(0, a.Counters.Dropped + b.Counters.Dropped);
        Assert.Equal(0, host.Cameras);
    }

    [Fact]
    public async Task SharedHost_TwoCamerasAlwaysReady_ServedInTurn()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var order = new List<string>();
        var gate = new object();
        var sink = ResultSink.From((r, _) =>
        {
            lock (gate) order.Add(r.Camera);
        });
        await using var a = CameraPipeline.Create(Hosts.Camera("turn-a", "file:" + TestAssets.Media("vtest.avi")), host, TestLogging.Factory);
        await using var b = CameraPipeline.Create(Hosts.Camera("turn-b", "file:" + TestAssets.Media("vtest.avi")), host, TestLogging.Factory);
        a.Subscribe(sink);
        b.Subscribe(sink);
        a.Start();
        b.Start();
        await Wait.UntilAsync(() => a.Counters.Processed >= 200 && b.Counters.Processed >= 200, "both cameras are well under way");

        int processedA, processedB;
        lock (gate)
        {
            processedA = order.Count(c => c == "turn-a");
            processedB = order.Count(c => c == "turn-b");
        }

        Assert.InRange(Math.Abs(processedA - processedB), 0, 40);
    }
}
