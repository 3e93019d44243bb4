using DeepSeek.Edge.Pipelines.Capture;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Pipeline;

public sealed class FilePipelineTests
{
    [Fact]
    public async Task FileSource_Vtest_EveryFrameProcessedExactlyOnceInOrder()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("vtest", "file:" + TestAssets.Media("vtest.avi")), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "vtest.avi to end");

        var results = sink.Results;
        Assert.Equal(Enumerable.Range(0, 795).Select(i => (long)i), results.Select(r => r.FrameId));
        Assert.All(results, r =>
        {
            Assert.Equal("vtest", r.Camera);
            Assert.Equal(new ModelIdentity("blazeface-front", "1.0.0", "cpu"), r.Model);
            Assert.Equal((768, 576), (r.Width, r.Height));
            Assert.EndsWith("vtest.avi", r.Source, StringComparison.Ordinal);
            Assert.True(r.Timings.InferenceMs > 0 && r.Timings.PreprocessMs > 0 && r.Timings.CaptureMs > 0);
            Assert.True(r.Timings.LatencyMs >= r.Timings.InferenceMs);
        });
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "timestamps follow capture order");
        var counters = camera.Counters;
        Assert.Equal((795L, 795L, 795L, 0L, 0L), (counters.Captured, counters.Processed, counters.Delivered, counters.Dropped, counters.Skipped));
        Assert.Equal(SourceState.Ended, camera.Health.State);
    }

    [Fact]
    public async Task FileSource_RealshortWithBackModel_EveryFrameProcessedExactlyOnce()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceBack);
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("realshort", "file:" + TestAssets.Media("realshort.mp4")), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "realshort.mp4 to end");

        Assert.Equal(Enumerable.Range(0, 36).Select(i => (long)i), sink.Results.Select(r => r.FrameId));
        Assert.All(sink.Results, r => Assert.Equal("blazeface-back", r.Model.Name));
        Assert.Equal(0, camera.Counters.Dropped);
    }

    [Fact]
    public async Task FileSource_FolderOfImages_EachImageProcessedOnceWithItsSize()
    {
        var folder = TestAssets.Media("photos");
        var images = ImageFiles.ListImages(folder);
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var sizes = new List<(long Id, int Width, int Height)>();
        await using var camera = CameraPipeline.Create(Hosts.Camera("photos", "file:" + folder), host, TestLogging.Factory);
        camera.Subscribe(ResultSink.From((r, frame) => sizes.Add((r.FrameId, frame.Width, frame.Height))));
        camera.Start();

        await Wait.ForAsync(camera.Completion, "the photo folder to end");

        Assert.Equal(images.Count, sizes.Count);
        for (var i = 0; i < images.Count; i++)
        {
            using var image = ImageFiles.Read(images[i]);
            Assert.Equal((i, image.Width, image.Height), ((int)sizes[i].Id, sizes[i].Width, sizes[i].Height));
        }
    }

    [Fact]
    public async Task FileSource_FolderWithOneCorruptImage_InfersTheOthersCountsAndLogsTheBadOne()
    {
        var folder = Directory.CreateTempSubdirectory("ds-edge-corrupt").FullName;
        try
        {
            File.Copy(TestAssets.Media("astronaut.png"), Path.Combine(folder, "a-astronaut.png"));
            File.WriteAllText(Path.Combine(folder, "b-damaged.jpg"), "not a JPEG: the upload was cut off");
            File.Copy(TestAssets.Media("chelsea.png"), Path.Combine(folder, "c-chelsea.png"));
            using var metrics = new MetricRecorder("corrupt");
            await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
            var sink = new ResultCollector();
            await using var camera = CameraPipeline.Create(Hosts.Camera("corrupt", "file:" + folder), host, TestLogging.Factory);
            camera.Subscribe(sink);
            camera.Start();

            await Wait.ForAsync(camera.Completion, "the folder to end");

            Assert.Equal([1, 0], sink.Results.Select(r => r.Output.Detections.Count));
            Assert.Equal((2L, 2L, 1L), (camera.Counters.Captured, camera.Counters.Processed, camera.Counters.Unreadable));
            Assert.Equal(SourceState.Ended, camera.Health.State);
            Assert.Equal(1, metrics.Sum("dsedge.camera.source.unreadable"));
            Assert.Contains(TestLogging.Factory.Messages(308), m => m.StartsWith("Camera corrupt: skipped b-damaged.jpg, which cannot be read (1 unreadable so far)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FileSource_LoopedFolderOfOnlyCorruptImages_FailsInsteadOfSpinning()
    {
        var folder = Directory.CreateTempSubdirectory("ds-edge-all-corrupt").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "damaged.png"), "not a PNG");
            await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
            await using var camera = CameraPipeline.Create(Hosts.Camera("all-corrupt", "file:" + folder, s => s.Loop = true), host, TestLogging.Factory);
            camera.Start();

            await Wait.ForAsync(camera.Completion, "the looped folder to fail");

            Assert.Equal(SourceState.Failed, camera.Health.State);
            Assert.Contains("none of its 1 image(s) can be decoded", camera.Health.Detail!, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task InferEveryNth_Three_InfersEveryThirdFrameAndCountsTheRestAsSkippedUndecoded()
    {
        var (frameIds, c) = await RunEveryThirdAsync("realshort.mp4");

        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 3L), frameIds);
        Assert.Equal((36L, 24L, 12L, 0L), (c.Captured, c.Skipped, c.Processed, c.Dropped));
        Assert.Equal(12L, c.Decoded);
    }

    [Fact]
    public async Task InferEveryNth_Three_OnVtest_CountsEveryFrame_DecodesAndInfersOnlyEveryThird()
    {
        var (frameIds, c) = await RunEveryThirdAsync("vtest.avi");

        Assert.Equal(Enumerable.Range(0, 265).Select(i => i * 3L), frameIds);
        Assert.Equal((795L, 530L, 265L, 265L, 0L), (c.Captured, c.Skipped, c.Processed, c.Delivered, c.Dropped));
        Assert.Equal(c.Captured, c.Delivered + c.Dropped + c.Skipped);
        Assert.Equal(265L, c.Decoded);
    }

    /// <summary>BlazeFace front on a whole video with <c>InferEveryNth = 3</c>: the results' frame ids and the camera's counters at the end.</summary>
    private static async Task<(List<long> FrameIds, CameraCounters Counters)> RunEveryThirdAsync(string video)
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var sink = new ResultCollector();
        var options = Hosts.Camera("nth-" + Path.GetFileNameWithoutExtension(video), "file:" + TestAssets.Media(video));
        options.InferEveryNth = 3;
        await using var camera = CameraPipeline.Create(options, host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();

        await Wait.ForAsync(camera.Completion, $"{video} to end");
        return ([.. sink.Results.Select(r => r.FrameId)], camera.Counters);
    }

    [Fact]
    public async Task RegionOfInterest_AroundTheFace_FindsItInFramePixels_ElsewhereFindsNothing()
    {
        var folder = Directory.CreateTempSubdirectory("ds-edge-roi").FullName;
        File.Copy(TestAssets.Media("astronaut.png"), Path.Combine(folder, "astronaut.png"));
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var face = new Rect(100, 20, 300, 300);
        var elsewhere = new Rect(0, 330, 180, 180);

        var inFace = await RunOnceAsync(host, folder, face);
        var inElsewhere = await RunOnceAsync(host, folder, elsewhere);

        var detection = Assert.Single(inFace.Output.Detections);
        Assert.InRange(detection.Box.X, face.X, face.Right);
        Assert.InRange(detection.Box.Right, face.X, face.Right);
        Assert.InRange(detection.Box.Y, face.Y, face.Bottom);
        var cx = (detection.Box.X + (detection.Box.Width / 2)) / 512f;
        Assert.InRange(cx, 0.40f, 0.48f);
        Assert.Empty(inElsewhere.Output.Detections);
    }

    [Fact]
    public async Task GetLatestJpeg_AfterTheFileEnds_IsTheLastFrameWithItsResult()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        await using var camera = CameraPipeline.Create(Hosts.Camera("jpeg", "file:" + TestAssets.Media("realshort.mp4")), host, TestLogging.Factory);
        camera.Start();

        await Wait.ForAsync(camera.Completion, "realshort.mp4 to end");
        var snapshot = camera.GetLatestJpeg(90);

        Assert.NotNull(snapshot);
        Assert.Equal(35, snapshot.Result.FrameId);
        using var decoded = Cv2.ImDecode(snapshot.Jpeg, ImreadModes.Color);
        Assert.Equal((320, 240), (decoded.Width, decoded.Height));
    }

    private static async Task<PipelineResult> RunOnceAsync(DeepSeek.Edge.Pipelines.Scheduling.ModelHost host, string folder, Rect roi)
    {
        var sink = new ResultCollector();
        var options = Hosts.Camera("roi", "file:" + folder);
        options.RegionOfInterest = roi;
        await using var camera = CameraPipeline.Create(options, host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.ForAsync(camera.Completion, "the image to be processed");
        return Assert.Single(sink.Results);
    }
}
