using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>Checks on the frames a preprocessor accepts: 8-bit gray, BGR or BGRA, not empty.</summary>
internal static class FrameFormat
{
    public static void Require(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(frame.IsDisposed, frame);
        if (frame.Empty() || frame.Dims > 2)
            throw new ArgumentException("the frame is empty; the source produced no image.", nameof(frame));

        var channels = frame.Channels();
        if (frame.Depth() != MatType.CV_8U || channels is not (1 or 3 or 4))
        {
            throw new ArgumentException(
                $"the frame is {frame.Type()}; expected 8-bit gray (CV_8UC1), BGR (CV_8UC3) or BGRA (CV_8UC4).",
                nameof(frame));
        }
    }

    /// <summary>The region of interest clipped to the frame, or the whole frame when there is none.</summary>
    public static Rect Region(Mat frame, Rect? roi)
    {
        var whole = new Rect(0, 0, frame.Width, frame.Height);
        if (roi is not { } r) return whole;

        var clipped = whole.Intersect(r);
        if (clipped.Width <= 0 || clipped.Height <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(roi),
                $"the region of interest {r} lies outside the {frame.Width}x{frame.Height} frame.");
        }

        return clipped;
    }
}
