using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Pipelines.Tests.Pipeline;

/// <summary>Runs alone: GC.GetTotalAllocatedBytes counts the whole process, so a test running beside it would be counted too.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    /// <summary>
    /// BlazeFace finds no face in vtest.avi, so the only result object per frame is the PipelineResult (128 bytes).
    /// Frames, tensors and preprocessing buffers are pooled: a per-frame image or tensor would cost 10^5-10^6 bytes.
    /// </summary>
    [Fact]
    public async Task FileRun_SteadyState_AllocatesLittleMoreThanTheResultPerFrame()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        long bytesAt200 = 0, bytesAt700 = 0;
        var detections = 0;
        await using var camera = CameraPipeline.Create(Hosts.Camera("alloc", "file:" + TestAssets.Media("vtest.avi")), host);
        camera.Subscribe(ResultSink.From((r, _) =>
        {
            detections += r.Output.Detections.Count;
            if (r.FrameId == 200) bytesAt200 = GC.GetTotalAllocatedBytes(precise: true);
            if (r.FrameId == 700) bytesAt700 = GC.GetTotalAllocatedBytes(precise: true);
        }));
        camera.Start();

        await Wait.ForAsync(camera.Completion, "vtest.avi to end");

        Assert.Equal(0, detections);
        var perFrame = (bytesAt700 - bytesAt200) / 500.0;
        Assert.InRange(perFrame, 128, 1024);
    }
}
