using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Vision.Preprocessing;

/// <summary>
/// How one frame was fitted to the model input, so that results in model-input pixels can be mapped back.
/// A model pixel <c>m</c> maps to the frame pixel <c>(m - Pad) / Scale + Offset</c>, clipped to the region the model saw.
/// </summary>
/// <param name="SourceWidth">Width of the whole frame, in pixels.</param>
/// <param name="SourceHeight">Height of the whole frame, in pixels.</param>
/// <param name="ScaleX">Model pixels per region pixel, horizontally.</param>
/// <param name="ScaleY">Model pixels per region pixel, vertically.</param>
/// <param name="PadX">Model pixels of padding left of the image (letterbox; 0 for stretch).</param>
/// <param name="PadY">Model pixels of padding above the image (letterbox; 0 for stretch).</param>
/// <param name="OffsetX">Left edge of the region of interest in the frame (0 without one).</param>
/// <param name="OffsetY">Top edge of the region of interest in the frame (0 without one).</param>
/// <param name="RegionWidth">Width of the region the model saw (the frame width without a region of interest).</param>
/// <param name="RegionHeight">Height of the region the model saw.</param>
public readonly record struct FrameTransform(
    int SourceWidth,
    int SourceHeight,
    float ScaleX,
    float ScaleY,
    float PadX,
    float PadY,
    int OffsetX,
    int OffsetY,
    int RegionWidth,
    int RegionHeight)
{
    /// <summary>A transform for results that are already in frame pixels.</summary>
    public static FrameTransform Identity(int width, int height) => new(width, height, 1f, 1f, 0f, 0f, 0, 0, width, height);

    public PointF ToSource(PointF modelPoint) => new(SourceX(modelPoint.X), SourceY(modelPoint.Y));

    /// <summary>Undoes the letterbox or stretch and the region offset; the box is clipped to the region the model saw.</summary>
    public BoxF ToSource(BoxF modelBox) => BoxF.FromCorners(
        SourceX(modelBox.X),
        SourceY(modelBox.Y),
        SourceX(modelBox.Right),
        SourceY(modelBox.Bottom));

    /// <summary>Maps the box and every keypoint of a detection.</summary>
    public Detection ToSource(Detection modelDetection)
    {
        ArgumentNullException.ThrowIfNull(modelDetection);
        var keypoints = modelDetection.Keypoints;
        if (keypoints.Count == 0) return modelDetection with { Box = ToSource(modelDetection.Box) };

        var mapped = new PointF[keypoints.Count];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = ToSource(keypoints[i]);
        return modelDetection with { Box = ToSource(modelDetection.Box), Keypoints = mapped };
    }

    private float SourceX(float modelX) => Math.Clamp(((modelX - PadX) / ScaleX) + OffsetX, OffsetX, OffsetX + RegionWidth);

    private float SourceY(float modelY) => Math.Clamp(((modelY - PadY) / ScaleY) + OffsetY, OffsetY, OffsetY + RegionHeight);
}
