using DeepSeek.Edge.Vision.Annotation;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Captures;

/// <summary>
/// Encodes a source frame as a capture's JPEG: scaled so its longest side is at most the configured one, at the configured
/// quality, lowering the quality (down to <see cref="LowestQuality"/>) and then halving the size until it fits the byte limit.
/// </summary>
internal static class CaptureEncoder
{
    public const int LowestQuality = 30;
    private const int SmallestSide = 64;

    /// <summary>The JPEG, its size and quality; null when even the smallest, lowest-quality image is over <paramref name="maxJpegBytes"/>.</summary>
    public static EncodedCapture? Encode(Mat frame, int maxSide, int quality, long maxJpegBytes)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var scale = maxSide > 0 && Math.Max(frame.Width, frame.Height) > maxSide ? (double)maxSide / Math.Max(frame.Width, frame.Height) : 1.0;
        while (true)
        {
            var size = new Size(Math.Max(1, (int)Math.Round(frame.Width * scale)), Math.Max(1, (int)Math.Round(frame.Height * scale)));
            using var scaled = scale < 1.0 ? frame.Resize(size, 0, 0, InterpolationFlags.Area) : null;
            var image = scaled ?? frame;
            for (var q = quality; ; q = Math.Max(LowestQuality, q - 15))
            {
                var jpeg = FrameAnnotator.EncodeJpeg(image, q);
                if (jpeg.Length <= maxJpegBytes) return new EncodedCapture(jpeg, image.Width, image.Height, q);
                if (q <= LowestQuality) break;
            }

            if (Math.Max(size.Width, size.Height) / 2 < SmallestSide) return null;
            scale /= 2;
        }
    }
}

internal sealed record EncodedCapture(byte[] Jpeg, int Width, int Height, int Quality);
