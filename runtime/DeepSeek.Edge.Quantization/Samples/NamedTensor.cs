namespace DeepSeek.Edge.Quantization.Samples;

/// <summary>One float input of a model run: the input's name, row-major data and shape.</summary>
public sealed record NamedTensor(string Name, float[] Data, long[] Shape);
