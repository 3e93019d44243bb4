using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Agent.Events;

/// <summary>A detection worth reporting; <see cref="Appeared"/> is true when the label was not in view just before.</summary>
public sealed record DetectionEvent(Detection Detection, bool Appeared);
