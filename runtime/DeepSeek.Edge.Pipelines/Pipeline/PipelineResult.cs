using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>What a camera's pipeline made of one frame, as delivered to sinks.</summary>
/// <param name="Camera">The camera's name.</param>
/// <param name="Source">The camera's source URI as logs show it (no credentials).</param>
/// <param name="FrameId">The frame's capture sequence number on this camera (gaps are skipped or dropped frames).</param>
/// <param name="Timestamp">When the frame was captured.</param>
/// <param name="Model">The model, version and execution provider that produced <paramref name="Output"/>.</param>
/// <param name="Output">Detections (boxes in frame pixels), classes or an embedding.</param>
/// <param name="Timings">Time per stage.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
public sealed record PipelineResult(
    string Camera,
    string Source,
    long FrameId,
    DateTimeOffset Timestamp,
    ModelIdentity Model,
    DecodedOutput Output,
    PipelineTimings Timings,
    int Width,
    int Height);
