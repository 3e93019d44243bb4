namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>
/// A reading of one camera's counters for one model version: results delivered and detections in them (that model's only),
/// frames lost to preprocessing or inference errors (any model), and when it was read, as a monotonic
/// <see cref="TimeProvider.GetTimestamp"/> (durations between readings do not follow steps of the wall clock).
/// </summary>
public sealed record CameraSample(long Frames, long Detections, long Errors, long Timestamp);
