using DeepSeek.Edge.Pipelines.Frames;

namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>A result on its way to the sinks, with the frame it belongs to.</summary>
internal readonly record struct OutputItem(Frame Frame, PipelineResult Result);
