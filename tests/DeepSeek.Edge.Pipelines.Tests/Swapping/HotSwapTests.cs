using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Swapping;
using DeepSeek.Edge.Pipelines.Tests.Support;
using DeepSeek.Edge.Testing;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Swapping;

public sealed class HotSwapTests
{
    [Fact]
    public async Task SwapAsync_TwiceUnderLoadOnAFile_DropsNoFrameAndEachFrameSeesOneWholeModel()
    {
        var front11 = ModelCopies.WithVersion(TestAssets.BlazeFaceFront, "1.1.0");
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var sink = new ResultCollector();
        await using var camera = CameraPipeline.Create(Hosts.Camera("swap-load", "file:" + TestAssets.Media("vtest.avi")), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Subscribe(ResultSink.From((_, _) => Thread.Sleep(4)), "slow");
        camera.Start();
        await Wait.UntilAsync(() => sink.Count >= 50, "the file is under way");

        var toBack = await host.SwapAsync(ModelBundle.Open(TestAssets.BlazeFaceBack));
        await Wait.UntilAsync(() => sink.Results.Any(r => r.Model.Name == "blazeface-back"), "a frame on blazeface-back before the second swap");
        var toFront = await host.SwapAsync(ModelBundle.Open(front11));
        await Wait.ForAsync(camera.Completion, "vtest.avi to end");

        Assert.True(toBack.Succeeded, toBack.Error);
        Assert.True(toFront.Succeeded, toFront.Error);
        Assert.StartsWith("camera swap-load frame ", toBack.ValidatedOn, StringComparison.Ordinal);
        var results = sink.Results;
        Assert.Equal(Enumerable.Range(0, 795).Select(i => (long)i), results.Select(r => r.FrameId));
        var runs = Runs(results.Select(r => r.Model.Id));
        Assert.Equal(["blazeface-front@1.0.0", "blazeface-back@1.0.0", "blazeface-front@1.1.0"], runs);
        Assert.Equal(0, camera.Counters.Dropped);
        Assert.Equal(new ModelIdentity("blazeface-front", "1.1.0", "cpu"), host.Current);
        Assert.Contains(TestLogging.Factory.Messages(322), m => m.Contains("blazeface-back@1.0.0 -> blazeface-front@1.1.0 between frames; blazeface-back@1.0.0 disposed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwapAsync_CorruptModelFile_FailsAtLoadAndTheOldModelKeepsRunning()
    {
        var result = await SwapOnLiveCameraAsync("swap-corrupt", ModelCopies.CorruptOnnx(TestAssets.BlazeFaceFront));

        Assert.Equal(SwapStage.Load, result.FailedAt);
        Assert.Contains("model.onnx", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SwapAsync_ModelWithNonFiniteOutputs_FailsValidationAndTheOldModelKeepsRunning()
    {
        var result = await SwapOnLiveCameraAsync("swap-nan", ModelCopies.NonFiniteOutputs(TestAssets.BlazeFaceFront));

        Assert.Equal(SwapStage.Validate, result.FailedAt);
        Assert.Contains("NaN", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("camera swap-nan frame ", result.ValidatedOn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwapAsync_OutputsNotShapedForItsDecoder_FailsAtLoadAndTheOldModelKeepsRunning()
    {
        var result = await SwapOnLiveCameraAsync("swap-shapes", ModelCopies.DecoderShapeMismatch(TestAssets.BlazeFaceFront));

        Assert.Equal(SwapStage.Load, result.FailedAt); // the runner decodes its warm-up outputs at load, before any frame
        Assert.Contains("$.decoder", result.Error, StringComparison.Ordinal);
        Assert.Contains("896", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwapAsync_ModelOfAnotherTask_FailsValidation()
    {
        var result = await SwapOnLiveCameraAsync("swap-task", TestAssets.TextAngle);

        Assert.Equal(SwapStage.Validate, result.FailedAt);
        Assert.Contains("Classification", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwapAsync_NoCameraAttached_ValidatesOnASyntheticFrameAndSwitches()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);

        var result = await host.SwapAsync(ModelBundle.Open(TestAssets.BlazeFaceBack));

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("synthetic", result.ValidatedOn, StringComparison.Ordinal);
        Assert.Equal("blazeface-back", host.Current.Name);
        Assert.Equal(0.5f, host.Thresholds.Score);
    }

    [Fact]
    public async Task SwapAsync_CameraThatNeverDelivers_FailsValidationAfterTheFrameTimeout()
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront, validationFrameTimeout: TimeSpan.FromMilliseconds(300));
        var silent = new ScriptedSource();
        silent.Stall();
        await using var camera = CameraPipeline.Create(Hosts.Camera("swap-silent", "test:", s => s.StallTimeout = TimeSpan.FromMinutes(5)), host, TestLogging.Factory, source: silent);
        camera.Start();

        var result = await host.SwapAsync(ModelBundle.Open(TestAssets.BlazeFaceBack));

        Assert.Equal(SwapStage.Validate, result.FailedAt);
        Assert.Contains("ValidationFrameTimeout", result.Error, StringComparison.Ordinal);
        Assert.Equal("blazeface-front", host.Current.Name);
    }

    private static async Task<SwapResult> SwapOnLiveCameraAsync(string name, string badModel)
    {
        await using var host = Hosts.Load(TestAssets.BlazeFaceFront);
        var before = host.Current;
        var sink = new ResultCollector();
        using var metrics = new MetricRecorder("camera", host.Name);
        await using var camera = CameraPipeline.Create(Hosts.Camera(name, "test:?width=320&height=240&fps=30"), host, TestLogging.Factory);
        camera.Subscribe(sink);
        camera.Start();
        await Wait.UntilAsync(() => sink.Count >= 5, "frames before the swap");

        var result = await host.SwapAsync(ModelBundle.Open(badModel));
        var after = sink.Count;
        await Wait.UntilAsync(() => sink.Count >= after + 10, "frames after the failed swap");

        Assert.False(result.Succeeded);
        Assert.Equal(before, result.Previous);
        Assert.Equal(before, result.Current);
        Assert.Equal(before, host.Current);
        Assert.All(sink.Results, r => Assert.Equal(before, r.Model));
        Assert.Contains(TestLogging.Factory.Messages(323), m => m.Contains(result.Requested, StringComparison.Ordinal) && m.Contains("keeps running", StringComparison.Ordinal));
        Assert.Equal(1, metrics.Sum("dsedge.model.swaps", ("result", result.FailedAt == SwapStage.Load ? "failed_load" : "failed_validation")));
        return result;
    }

    private static List<string> Runs(IEnumerable<string> ids)
    {
        var runs = new List<string>();
        foreach (var id in ids)
        {
            if (runs.Count == 0 || runs[^1] != id) runs.Add(id);
        }

        return runs;
    }
}
