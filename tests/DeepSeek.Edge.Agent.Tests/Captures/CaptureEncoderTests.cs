using DeepSeek.Edge.Agent.Captures;
using DeepSeek.Edge.Testing;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Tests.Captures;

/// <summary>A capture's JPEG fits its message: the frame is scaled to the longest side allowed, then quality and size go down until it fits.</summary>
public sealed class CaptureEncoderTests
{
    [Fact]
    public void Encode_FrameOverMaxSide_IsScaledKeepingItsAspect()
    {
        using var frame = Frame();

        var encoded = CaptureEncoder.Encode(frame, maxSide: frame.Width / 2, quality: 85, maxJpegBytes: long.MaxValue)!;

        Assert.Equal((frame.Width / 2, frame.Height / 2), (encoded.Width, encoded.Height));
        Assert.Equal(85, encoded.Quality);
        using var decoded = Cv2.ImDecode(encoded.Jpeg, ImreadModes.Color);
        Assert.Equal(new Size(encoded.Width, encoded.Height), decoded.Size());
    }

    [Fact]
    public void Encode_OverTheByteLimit_LowersQualityThenSizeUntilItFits()
    {
        using var frame = Frame();
        var full = CaptureEncoder.Encode(frame, 0, 95, long.MaxValue)!;
        var limit = full.Jpeg.Length / 8;

        var encoded = CaptureEncoder.Encode(frame, 0, 95, limit)!;

        Assert.True(encoded.Jpeg.Length <= limit, $"{encoded.Jpeg.Length} bytes over the {limit}-byte limit");
        Assert.True(encoded.Quality < 95 || encoded.Width < frame.Width);
    }

    [Fact]
    public void Encode_LimitNoImageFits_IsNull()
    {
        using var frame = Frame();

        Assert.Null(CaptureEncoder.Encode(frame, 0, 85, maxJpegBytes: 100));
    }

    private static Mat Frame()
    {
        using var capture = new VideoCapture(TestAssets.Media("Megamind.avi"));
        var frame = new Mat();
        Assert.True(capture.Read(frame) && !frame.Empty());
        return frame;
    }
}
