using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;
using DeepSeek.Edge.Vision.Preprocessing;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>One preprocessor serves a stream of frames of changing sizes, on real photos.</summary>
public sealed class FramePreprocessorReuseTests
{
    private static readonly InputSpec Letterbox = Specs.Input(
        192, 48, TensorLayout.NCHW, ColorOrder.RGB, ResizeMode.Letterbox, pad: 114f, mean: [123.7f, 116.3f, 103.5f], std: [58.4f, 57.1f, 57.4f]);

    [Fact]
    public void Process_ReusedAcrossFramesOfDifferentSizes_MatchesAFreshPreprocessor()
    {
        string[] files = ["astronaut.png", "messi5.jpg", "chelsea.png", "photos/building.jpg", "astronaut.png", "messi5.jpg"];
        using var reused = new FramePreprocessor(Letterbox);
        var tensor = new float[Letterbox.ElementCount];
        var expected = new float[Letterbox.ElementCount];

        foreach (var file in files)
        {
            using var frame = ImageFiles.Read(TestAssets.Media(file));
            using var fresh = new FramePreprocessor(Letterbox);

            var reusedTransform = reused.Process(frame, tensor);
            var freshTransform = fresh.Process(frame, expected);

            Assert.Equal(freshTransform, reusedTransform);
            Assert.True(expected.AsSpan().SequenceEqual(tensor), $"{file}: the reused preprocessor wrote a different tensor");
        }
    }

    [Fact]
    public void Process_ReusedWithChangingRegions_MatchesAFreshPreprocessor()
    {
        using var frame = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        Rect?[] regions = [new Rect(100, 50, 300, 200), null, new Rect(10, 10, 64, 256), new Rect(100, 50, 300, 200)];
        using var reused = new FramePreprocessor(Letterbox);
        var tensor = new float[Letterbox.ElementCount];
        var expected = new float[Letterbox.ElementCount];

        foreach (var region in regions)
        {
            using var fresh = new FramePreprocessor(Letterbox);

            Assert.Equal(fresh.Process(frame, region, expected), reused.Process(frame, region, tensor));
            Assert.True(expected.AsSpan().SequenceEqual(tensor), $"region {region}: the reused preprocessor wrote a different tensor");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Process_SameMatRefilledBetweenFrames_ReadsTheNewPixels(bool withRegion)
    {
        // A capture reads every frame into the same Mat; its pixels change, sometimes its size too.
        using var frame = TestImages.Uniform(640, 480, 10, 10, 10);
        Rect? region = withRegion ? new Rect(100, 100, 200, 100) : null;
        var spec = Specs.Input(32, 32, resize: ResizeMode.Letterbox, pad: 0f, mean: [1f, 1f, 1f]);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        preprocessor.Process(frame, region, tensor);

        frame.SetTo(new Scalar(200, 200, 200));
        preprocessor.Process(frame, region, tensor);
        Assert.Equal(199f, tensor[16 * 32]);

        frame.Create(720, 1280, MatType.CV_8UC3);
        frame.SetTo(new Scalar(50, 50, 50));
        preprocessor.Process(frame, region, tensor);
        Assert.Equal(49f, tensor[16 * 32]);
    }

    [Fact]
    public void Process_RegionOfInterest_EqualsProcessingACropOfTheFrame()
    {
        using var frame = ImageFiles.Read(TestAssets.Media("messi5.jpg"));
        var region = new Rect(120, 40, 200, 150);
        using var crop = frame[region].Clone();
        using var preprocessor = new FramePreprocessor(Letterbox);
        var fromRegion = new float[Letterbox.ElementCount];
        var fromCrop = new float[Letterbox.ElementCount];

        preprocessor.Process(frame, region, fromRegion);
        preprocessor.Process(crop, fromCrop);

        Assert.True(fromCrop.AsSpan().SequenceEqual(fromRegion));
    }

    [Theory]
    [InlineData(ColorOrder.RGB)]
    [InlineData(ColorOrder.Gray)]
    public void Process_AfterWarmUp_AllocatesNoManagedMemory(ColorOrder color)
    {
        using var small = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        var spec = Specs.Input(192, 48, TensorLayout.NCHW, color, ResizeMode.Letterbox, pad: 114f);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        var region = new Rect(50, 50, 300, 300);
        for (var i = 0; i < 30; i++) // past the runtime's tiered compilation of the pixel loops, which allocates on this thread
        {
            preprocessor.Process(small, tensor);
            preprocessor.Process(small, region, tensor);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            preprocessor.Process(small, tensor);
            preprocessor.Process(small, region, tensor);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
