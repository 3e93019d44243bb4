namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>Milliseconds one frame spent in each stage, and from the start of its read to its result.</summary>
/// <param name="CaptureMs">Reading (decoding) the frame from the source.</param>
/// <param name="QueueMs">Waiting in the camera's input queue for the model host.</param>
/// <param name="PreprocessMs">Resize, normalise and lay out into the model's tensor.</param>
/// <param name="InferenceMs">The ONNX Runtime run (with feeding the input).</param>
/// <param name="DecodeMs">Decoding outputs and mapping results back to frame pixels.</param>
/// <param name="LatencyMs">From the start of the read to the result (before sinks).</param>
public readonly record struct PipelineTimings(double CaptureMs, double QueueMs, double PreprocessMs, double InferenceMs, double DecodeMs, double LatencyMs);
