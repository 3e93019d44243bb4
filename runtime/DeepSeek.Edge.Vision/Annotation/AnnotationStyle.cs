using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Annotation;

/// <summary>Line width, text size and marker size scaled to the frame, so a 320x240 and a 1920x1080 frame both read well.</summary>
internal readonly record struct AnnotationStyle(int Thickness, double FontScale, int TextThickness, int PointRadius, int TextPadding)
{
    public const HersheyFonts Font = HersheyFonts.HersheySimplex;

    public static AnnotationStyle For(Mat frame)
    {
        var side = Math.Min(frame.Width, frame.Height);
        var thickness = Math.Max(1, (int)Math.Round(side / 360.0));
        return new AnnotationStyle(
            Thickness: thickness,
            FontScale: Math.Max(0.4, side / 900.0),
            TextThickness: Math.Max(1, thickness - 1),
            PointRadius: thickness + 1,
            TextPadding: thickness + 1);
    }
}
