using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Vision.Preprocessing;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>
/// A white box drawn in the frame is found in the tensor where the resize maths says, and the box found there maps
/// back to the drawn pixels.
/// </summary>
public sealed class FrameTransformMappingTests
{
    public static TheoryData<string, int, int, ResizeMode, Rect> ExactCases => new()
    {
        { "landscape letterbox, scale 0.5, 40 pad rows", 640, 480, ResizeMode.Letterbox, new Rect(100, 60, 200, 120) },
        { "portrait letterbox, scale 0.5, 40 pad columns", 480, 640, ResizeMode.Letterbox, new Rect(60, 100, 120, 200) },
        { "upscaling letterbox, scale 2", 160, 120, ResizeMode.Letterbox, new Rect(20, 30, 40, 30) },
        { "stretch, scales 0.5 and 2/3", 640, 480, ResizeMode.Stretch, new Rect(100, 60, 200, 120) },
        { "stretch of a portrait frame", 480, 640, ResizeMode.Stretch, new Rect(60, 150, 120, 300) },
    };

    [Theory]
    [MemberData(nameof(ExactCases))]
    public void ToSource_BoxFoundInTensor_MapsBackToTheDrawnPixels(string because, int width, int height, ResizeMode resize, Rect drawn)
    {
        using var frame = TestImages.WhiteBoxOnBlack(width, height, drawn);
        using var preprocessor = new FramePreprocessor(Specs.Input(320, 320, resize: resize, pad: 0f));
        var tensor = new float[3 * 320 * 320];

        var transform = preprocessor.Process(frame, tensor);
        var found = TensorReader.BrightBox(tensor, 320, 320, 127.5f);
        var mapped = transform.ToSource(found);

        AssertClose(ToBox(drawn), mapped, 0.5f, because);
    }

    [Fact]
    public void ToSource_LetterboxedLandscape_FindsTheBoxWhereTheScaleAndPadPutIt()
    {
        using var frame = TestImages.WhiteBoxOnBlack(640, 480, new Rect(100, 60, 200, 120));
        using var preprocessor = new FramePreprocessor(Specs.Input(320, 320, resize: ResizeMode.Letterbox));
        var tensor = new float[3 * 320 * 320];

        preprocessor.Process(frame, tensor);

        // x: 100 * 0.5 = 50; y: 40 pad rows + 60 * 0.5 = 70.
        Assert.Equal(new BoxF(50, 70, 100, 60), TensorReader.BrightBox(tensor, 320, 320, 127.5f));
    }

    [Fact]
    public void ToSource_UnevenScale_MapsTheModelBoxBackWithinHalfAPixel()
    {
        // 1000x700 into 416x416: scale 0.416, image 416x291, 62 pad rows above.
        var drawn = new Rect(250, 175, 300, 210);
        using var frame = TestImages.WhiteBoxOnBlack(1000, 700, drawn);
        using var preprocessor = new FramePreprocessor(Specs.Input(416, 416, resize: ResizeMode.Letterbox));
        var tensor = new float[3 * 416 * 416];

        var transform = preprocessor.Process(frame, tensor);
        var expectedInModel = BoxF.FromCorners(250 * 0.416f, 62 + (175 * 291f / 700), 550 * 0.416f, 62 + (385 * 291f / 700));
        var found = TensorReader.BrightBox(tensor, 416, 416, 127.5f);

        AssertClose(expectedInModel, found, 1f, "the tensor shows the box within a model pixel of where the maths puts it");
        AssertClose(ToBox(drawn), transform.ToSource(expectedInModel), 0.5f, "the exact model box maps back");
        AssertClose(ToBox(drawn), transform.ToSource(found), 1f / 0.416f, "the found box maps back within one model pixel");
    }

    [Fact]
    public void ToSource_RegionOfInterest_MapsBackToFullFramePixels()
    {
        var roi = new Rect(200, 100, 640, 480);
        var drawn = new Rect(300, 160, 200, 120);
        using var frame = TestImages.WhiteBoxOnBlack(1280, 720, drawn);
        using var preprocessor = new FramePreprocessor(Specs.Input(320, 320, resize: ResizeMode.Letterbox));
        var tensor = new float[3 * 320 * 320];

        var transform = preprocessor.Process(frame, roi, tensor);
        var found = TensorReader.BrightBox(tensor, 320, 320, 127.5f);

        Assert.Equal(new BoxF(50, 70, 100, 60), found);
        AssertClose(ToBox(drawn), transform.ToSource(found), 0.5f, "region offset added back");
        Assert.Equal((1280, 720, 200, 100), (transform.SourceWidth, transform.SourceHeight, transform.OffsetX, transform.OffsetY));
    }

    [Fact]
    public void Process_RegionReachingPastTheFrame_IsClippedToTheFrame()
    {
        using var frame = TestImages.WhiteBoxOnBlack(640, 480, new Rect(500, 400, 100, 50));
        using var preprocessor = new FramePreprocessor(Specs.Input(80, 64, resize: ResizeMode.Letterbox));
        var tensor = new float[3 * 80 * 64];

        var transform = preprocessor.Process(frame, new Rect(480, 352, 400, 400), tensor);

        Assert.Equal((480, 352, 160, 128), (transform.OffsetX, transform.OffsetY, transform.RegionWidth, transform.RegionHeight));
        AssertClose(new BoxF(500, 400, 100, 50), transform.ToSource(TensorReader.BrightBox(tensor, 80, 64, 127.5f)), 0.5f, "clipped region");
    }

    [Fact]
    public void ToSource_BoxReachingIntoThePadding_IsClippedToTheImage()
    {
        using var frame = TestImages.Uniform(640, 480, 0, 0, 0);
        using var preprocessor = new FramePreprocessor(Specs.Input(320, 320, resize: ResizeMode.Letterbox));
        var transform = preprocessor.Process(frame, new float[3 * 320 * 320]);

        var mapped = transform.ToSource(BoxF.FromCorners(-10, 0, 330, 320));

        Assert.Equal(new BoxF(0, 0, 640, 480), mapped);
    }

    [Fact]
    public void ToSource_Detection_MapsBoxAndKeypointsAndKeepsLabelAndScore()
    {
        using var frame = TestImages.Uniform(640, 480, 0, 0, 0);
        using var preprocessor = new FramePreprocessor(Specs.Input(320, 320, resize: ResizeMode.Letterbox));
        var transform = preprocessor.Process(frame, new float[3 * 320 * 320]);
        var detection = new Detection(3, "face", 0.9f, new BoxF(50, 70, 100, 60), [new PointF(60, 80), new PointF(150, 130)]);

        var mapped = transform.ToSource(detection);

        Assert.Equal((3, "face", 0.9f), (mapped.ClassId, mapped.Label, mapped.Score));
        Assert.Equal(new BoxF(100, 60, 200, 120), mapped.Box);
        Assert.Equal([new PointF(120, 80), new PointF(300, 180)], mapped.Keypoints);
    }

    [Fact]
    public void Identity_AnyBoxInsideTheFrame_IsUnchanged()
    {
        var box = new BoxF(1.5f, 2.5f, 10f, 20f);

        Assert.Equal(box, FrameTransform.Identity(100, 100).ToSource(box));
    }

    private static BoxF ToBox(Rect r) => new(r.X, r.Y, r.Width, r.Height);

    private static void AssertClose(BoxF expected, BoxF actual, float tolerance, string because)
    {
        var error = new[]
        {
            Math.Abs(expected.X - actual.X), Math.Abs(expected.Y - actual.Y),
            Math.Abs(expected.Right - actual.Right), Math.Abs(expected.Bottom - actual.Bottom),
        }.Max();
        Assert.True(error <= tolerance, $"{because}: expected {expected}, got {actual} (off by {error} px, allowed {tolerance})");
    }
}
