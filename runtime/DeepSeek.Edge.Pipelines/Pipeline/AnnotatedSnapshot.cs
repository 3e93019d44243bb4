namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>The latest processed frame of a camera with its results drawn on it, as JPEG.</summary>
public sealed record AnnotatedSnapshot(byte[] Jpeg, PipelineResult Result);
