using System.Globalization;
using DeepSeek.Edge.Models.Results;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Annotation;

/// <summary>
/// Draws results onto a BGR frame in place (boxes with label and score, keypoints, top classes) and encodes JPEG
/// snapshots. Results must already be in frame pixels (see <c>FrameTransform.ToSource</c>).
/// </summary>
public static class FrameAnnotator
{
    /// <summary>Draws whatever the output holds: detections, or the top classes of a classification.</summary>
    public static void Draw(Mat frame, DecodedOutput output, int topClasses = 3)
    {
        ArgumentNullException.ThrowIfNull(output);
        DrawDetections(frame, output.Detections);
        if (output.Classes.Count > 0) DrawClasses(frame, output.Classes, topClasses);
    }

    /// <summary>Draws each detection's box, a "label score" tag above it (inside when at the top edge) and its keypoints.</summary>
    public static void DrawDetections(Mat frame, IReadOnlyList<Detection> detections)
    {
        RequireBgr(frame);
        ArgumentNullException.ThrowIfNull(detections);
        var style = AnnotationStyle.For(frame);
        foreach (var detection in detections)
        {
            var color = Palette.ForClass(detection.ClassId);
            var box = ToRect(detection.Box);
            Cv2.Rectangle(frame, box, color, style.Thickness, LineTypes.Link8);
            DrawTag(frame, style, box, Caption(detection.Label, detection.Score), color);
            foreach (var point in detection.Keypoints)
            {
                var center = new Point((int)MathF.Round(point.X), (int)MathF.Round(point.Y));
                Cv2.Circle(frame, center, style.PointRadius, color, -1, LineTypes.Link8);
            }
        }
    }

    /// <summary>Writes the top <paramref name="count"/> classes, best first, as "label score" lines in the top-left corner.</summary>
    public static void DrawClasses(Mat frame, IReadOnlyList<ClassScore> classes, int count = 3)
    {
        RequireBgr(frame);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var style = AnnotationStyle.For(frame);
        var y = style.TextPadding;
        foreach (var score in classes.OrderByDescending(c => c.Score).Take(count))
        {
            var text = Caption(score.Label, score.Score);
            var size = Cv2.GetTextSize(text, AnnotationStyle.Font, style.FontScale, style.TextThickness, out var baseline);
            var background = new Rect(style.TextPadding, y, size.Width + (2 * style.TextPadding), size.Height + baseline + (2 * style.TextPadding));
            Cv2.Rectangle(frame, background, Scalar.Black, -1, LineTypes.Link8);
            var origin = new Point(background.X + style.TextPadding, background.Y + style.TextPadding + size.Height);
            Cv2.PutText(frame, text, origin, AnnotationStyle.Font, style.FontScale, Scalar.White, style.TextThickness, LineTypes.AntiAlias);
            y = background.Bottom + style.TextPadding;
        }
    }

    /// <summary>Encodes the frame as JPEG (quality 1-100).</summary>
    public static byte[] EncodeJpeg(Mat frame, int quality = 80)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (frame.Empty()) throw new ArgumentException("the frame is empty; there is nothing to encode.", nameof(frame));

        if (frame.Depth() != MatType.CV_8U || frame.Channels() is not (1 or 3))
            throw new ArgumentException($"JPEG takes an 8-bit gray or BGR frame; got {frame.Type()}.", nameof(frame));

        Cv2.ImEncode(".jpg", frame, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return bytes;
    }

    private static void DrawTag(Mat frame, AnnotationStyle style, Rect box, string text, Scalar color)
    {
        var size = Cv2.GetTextSize(text, AnnotationStyle.Font, style.FontScale, style.TextThickness, out var baseline);
        var height = size.Height + baseline + (2 * style.TextPadding);
        var top = box.Y - height >= 0 ? box.Y - height : box.Y;
        var tag = new Rect(box.X, top, size.Width + (2 * style.TextPadding), height);
        Cv2.Rectangle(frame, tag, color, -1, LineTypes.Link8);
        var origin = new Point(tag.X + style.TextPadding, tag.Y + style.TextPadding + size.Height);
        Cv2.PutText(frame, text, origin, AnnotationStyle.Font, style.FontScale, Palette.TextOn(color), style.TextThickness, LineTypes.AntiAlias);
    }

    private static string Caption(string label, float score) =>
        string.Create(CultureInfo.InvariantCulture, $"{label} {score:0.00}");

    private static Rect ToRect(BoxF box)
    {
        var x1 = (int)MathF.Round(box.X);
        var y1 = (int)MathF.Round(box.Y);
        var x2 = (int)MathF.Round(box.Right);
        var y2 = (int)MathF.Round(box.Bottom);
        return new Rect(x1, y1, Math.Max(1, x2 - x1), Math.Max(1, y2 - y1));
    }

    private static void RequireBgr(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Empty() || frame.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"annotation draws on an 8-bit BGR frame (CV_8UC3); got {(frame.Empty() ? "an empty frame" : frame.Type().ToString())}.", nameof(frame));
    }
}
