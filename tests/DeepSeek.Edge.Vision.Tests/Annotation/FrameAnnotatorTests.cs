using DeepSeek.Edge.Models.Results;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Annotation;
using DeepSeek.Edge.Vision.Images;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Annotation;

public sealed class FrameAnnotatorTests
{
    [Fact]
    public void DrawDetections_SmallFrame_ChangesTheBorderAndNothingFarFromTheBox()
    {
        using var frame = TestImages.Uniform(320, 240, 90, 90, 90);
        using var before = frame.Clone();
        var detection = new Detection(0, "cat", 0.87f, new BoxF(100, 80, 80, 60), Detection.NoKeypoints);

        FrameAnnotator.DrawDetections(frame, [detection]);

        using var changed = ChangedMask(before, frame);
        Assert.True(changed.At<byte>(110, 100) > 0, "left border");
        Assert.True(changed.At<byte>(110, 179) > 0 || changed.At<byte>(110, 180) > 0, "right border");
        Assert.True(changed.At<byte>(139, 140) > 0 || changed.At<byte>(140, 140) > 0, "bottom border");
        Assert.Equal(0, changed.At<byte>(110, 140));

        // The tag sits on top of the box; nothing else moves.
        var bounds = Cv2.BoundingRect(changed);
        Assert.True(bounds.X >= 99 && bounds.Right <= 182 && bounds.Bottom <= 142, $"changed pixels spread to {bounds}");
        Assert.InRange(bounds.Y, 80 - 30, 80 - 8);
    }

    [Fact]
    public void DrawDetections_FullHdFrame_DrawsThickerLinesAndATallerTag()
    {
        var box = new BoxF(600, 400, 480, 360);
        var detection = new Detection(1, "person", 0.5f, box, Detection.NoKeypoints);
        using var small = TestImages.Uniform(320, 240, 90, 90, 90);
        using var large = TestImages.Uniform(1920, 1080, 90, 90, 90);
        using var smallBefore = small.Clone();
        using var largeBefore = large.Clone();

        FrameAnnotator.DrawDetections(small, [detection with { Box = new BoxF(100, 80, 80, 60) }]);
        FrameAnnotator.DrawDetections(large, [detection]);

        using var smallChanged = ChangedMask(smallBefore, small);
        using var largeChanged = ChangedMask(largeBefore, large);
        Assert.True(LineWidth(largeChanged, row: 580, fromX: 590) >= 3, "a 1080p border is at least 3 px wide");
        Assert.True(LineWidth(smallChanged, row: 110, fromX: 95) >= 1);
        var smallTag = 80 - Cv2.BoundingRect(smallChanged).Y;
        var largeTag = 400 - Cv2.BoundingRect(largeChanged).Y;
        Assert.True(smallTag >= 10, $"a 240p tag is {smallTag} px tall");
        Assert.True(largeTag >= 2.5 * smallTag, $"a 1080p tag ({largeTag} px) scales with the frame (240p: {smallTag} px)");
    }

    [Fact]
    public void DrawDetections_BoxAtTheTopEdge_PutsTheTagInsideTheFrame()
    {
        using var frame = TestImages.Uniform(320, 240, 90, 90, 90);
        using var before = frame.Clone();

        FrameAnnotator.DrawDetections(frame, [new Detection(0, "face", 0.99f, new BoxF(20, 0, 100, 80), Detection.NoKeypoints)]);

        using var changed = ChangedMask(before, frame);
        Assert.True(changed.At<byte>(6, 40) > 0, "tag drawn inside the box, under its top edge");
    }

    [Fact]
    public void DrawDetections_Keypoints_MarksEachPoint()
    {
        using var frame = TestImages.Uniform(320, 240, 90, 90, 90);
        using var before = frame.Clone();
        PointF[] keypoints = [new(120, 100), new(160, 120)];

        FrameAnnotator.DrawDetections(frame, [new Detection(0, "face", 0.9f, new BoxF(100, 80, 80, 60), keypoints)]);

        using var changed = ChangedMask(before, frame);
        Assert.True(changed.At<byte>(100, 120) > 0);
        Assert.True(changed.At<byte>(120, 160) > 0);
        Assert.Equal(0, changed.At<byte>(110, 140));
    }

    [Fact]
    public void DrawClasses_TopThree_WritesTextInTheTopLeftOnly()
    {
        using var frame = ImageFiles.Read(TestAssets.Media("chelsea.png"));
        using var before = frame.Clone();
        ClassScore[] classes = [new(0, "dog", 0.05f), new(1, "tabby cat", 0.81f), new(2, "fox", 0.1f), new(3, "car", 0.04f)];

        FrameAnnotator.DrawClasses(frame, classes);

        using var changed = ChangedMask(before, frame);
        var bounds = Cv2.BoundingRect(changed);
        Assert.True(bounds.X < 20 && bounds.Y < 20, $"text starts at {bounds.TopLeft}, not in the corner");
        Assert.True(bounds.Bottom < frame.Height / 2 && bounds.Right < frame.Width / 2, $"text spread to {bounds}");
        Assert.True(bounds.Height > 3 * 10, "three lines of text");
    }

    [Fact]
    public void Draw_NonBgrFrame_ThrowsNamingTheExpectedType()
    {
        using var frame = new Mat(10, 10, MatType.CV_8UC1);

        var error = Assert.Throws<ArgumentException>(() => FrameAnnotator.DrawDetections(frame, []));

        Assert.Contains("CV_8UC3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeJpeg_RealPhoto_DecodesToTheSameSizeAndQualityControlsTheSize()
    {
        using var frame = ImageFiles.Read(TestAssets.Media("astronaut.png"));

        var low = FrameAnnotator.EncodeJpeg(frame, 20);
        var high = FrameAnnotator.EncodeJpeg(frame, 95);

        Assert.Equal(new byte[] { 0xFF, 0xD8 }, high.AsSpan(0, 2).ToArray());
        Assert.True(low.Length < high.Length / 2, $"quality 20 gave {low.Length} bytes, 95 gave {high.Length}");
        using var decoded = Cv2.ImDecode(high, ImreadModes.Color);
        Assert.Equal((512, 512), (decoded.Width, decoded.Height));
        Assert.True(Cv2.PSNR(frame, decoded) > 30, "quality 95 looks like the original");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void EncodeJpeg_QualityOutOfRange_Throws(int quality)
    {
        using var frame = TestImages.Uniform(8, 8, 1, 2, 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameAnnotator.EncodeJpeg(frame, quality));
    }

    private static Mat ChangedMask(Mat before, Mat after)
    {
        using var diff = new Mat();
        Cv2.Absdiff(before, after, diff);
        using var gray = new Mat();
        Cv2.CvtColor(diff, gray, ColorConversionCodes.BGR2GRAY);
        var mask = new Mat();
        Cv2.Threshold(gray, mask, 0, 255, ThresholdTypes.Binary);
        return mask;
    }

    private static int LineWidth(Mat changed, int row, int fromX)
    {
        var x = fromX;
        while (changed.At<byte>(row, x) == 0) x++;
        var start = x;
        while (changed.At<byte>(row, x) > 0) x++;
        return x - start;
    }
}
