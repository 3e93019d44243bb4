namespace DeepSeek.Edge.Models.Results;

/// <summary>One detected object. Decoders produce it in model-input pixels; the runner maps it to source-frame pixels.</summary>
public sealed record Detection(int ClassId, string Label, float Score, BoxF Box, IReadOnlyList<PointF> Keypoints)
{
    public static readonly IReadOnlyList<PointF> NoKeypoints = Array.Empty<PointF>();
}
