namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// One camera's output quality under one model version over one telemetry interval: frames inferred, detections, a
/// histogram of detection scores (<see cref="ScoreBins"/> equal bins over 0..1, the last one including 1), frames with a
/// detection in the camera's uncertainty band, and frames lost to preprocessing or inference errors.
/// </summary>
public sealed record QualitySample(
    string Camera, string Model, string Version, double IntervalS, long Frames, long Detections, double DetectionsPerFrame,
    IReadOnlyList<long> ScoreHistogram, long UncertainFrames, double UncertainFraction, long InferenceErrors)
{
    public const int ScoreBins = 10;
}
