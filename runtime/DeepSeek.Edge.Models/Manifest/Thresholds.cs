namespace DeepSeek.Edge.Models.Manifest;

/// <summary>Score threshold for keeping a result and IoU threshold for non-maximum suppression.</summary>
public sealed record Thresholds(float Score, float Iou)
{
    public static Thresholds Default { get; } = new(0.5f, 0.45f);
}
