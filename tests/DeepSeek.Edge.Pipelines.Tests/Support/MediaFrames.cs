using DeepSeek.Edge.Testing;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>The frames of the real sample clip realshort.mp4 (320x240, 36 frames), decoded once, and as JPEG.</summary>
internal static class MediaFrames
{
    private static readonly Lazy<Mat[]> Decoded = new(() =>
    {
        using var capture = new VideoCapture(TestAssets.Media("realshort.mp4"));
        var frames = new List<Mat>();
        while (true)
        {
            var mat = new Mat();
            if (!capture.Read(mat) || mat.Empty())
            {
                mat.Dispose();
                break;
            }

            frames.Add(mat);
        }

        return [.. frames];
    });

    private static readonly Lazy<byte[][]> Jpegs = new(() => Decoded.Value.Select(m =>
    {
        Cv2.ImEncode(".jpg", m, out var bytes);
        return bytes;
    }).ToArray());

    public static IReadOnlyList<Mat> Realshort => Decoded.Value;

    public static IReadOnlyList<byte[]> RealshortJpegs => Jpegs.Value;
}
