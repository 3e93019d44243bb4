using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Inference.Running;

/// <summary>What one frame gave: results in source-frame pixels and the time each stage took.</summary>
public sealed record FrameResult(DecodedOutput Output, StageTimings Timings);
