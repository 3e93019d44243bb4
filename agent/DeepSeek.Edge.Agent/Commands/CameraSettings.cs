namespace DeepSeek.Edge.Agent.Commands;

/// <summary>Run-time overrides of a camera (null: unchanged). Persisted in the data directory.</summary>
public sealed record CameraSettings(float? ScoreThreshold = null, float? IouThreshold = null, bool? Enabled = null);
