namespace DeepSeek.Edge.Models.Results;

/// <summary>A point (e.g. a keypoint) in the pixel space named by whoever holds it.</summary>
public readonly record struct PointF(float X, float Y);
