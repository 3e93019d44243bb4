using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>Where the resized image lies on the model input: its size and its top-left corner.</summary>
internal readonly record struct ResizePlan(int ContentWidth, int ContentHeight, int PadX, int PadY)
{
    /// <summary>
    /// Stretch fills the whole input. Letterbox scales by <c>min(W / w, H / h)</c>, rounds the resized size to whole
    /// pixels and centres it (any odd pixel of padding goes to the right or bottom). Fit-height is PaddleOCR's
    /// <c>resize_norm_img</c>: height H, width <c>min(W, ceil(H * w / h))</c>, at the left edge, padding on the right.
    /// </summary>
    public static ResizePlan For(InputSpec spec, int regionWidth, int regionHeight)
    {
        if (spec.Resize == ResizeMode.Stretch) return new ResizePlan(spec.Width, spec.Height, 0, 0);
        if (spec.Resize == ResizeMode.FitHeight)
            return new ResizePlan(Math.Clamp((int)Math.Ceiling(spec.Height * (double)regionWidth / regionHeight), 1, spec.Width), spec.Height, 0, 0);

        var scale = Math.Min(spec.Width / (double)regionWidth, spec.Height / (double)regionHeight);
        var width = Math.Clamp((int)Math.Round(regionWidth * scale), 1, spec.Width);
        var height = Math.Clamp((int)Math.Round(regionHeight * scale), 1, spec.Height);
        return new ResizePlan(width, height, (spec.Width - width) / 2, (spec.Height - height) / 2);
    }

    public FrameTransform Transform(int sourceWidth, int sourceHeight, int offsetX, int offsetY, int regionWidth, int regionHeight) => new(
        sourceWidth,
        sourceHeight,
        ContentWidth / (float)regionWidth,
        ContentHeight / (float)regionHeight,
        PadX,
        PadY,
        offsetX,
        offsetY,
        regionWidth,
        regionHeight);
}
