namespace DeepSeek.Edge.Quantization.Samples;

/// <summary>The inputs of one model run and where they came from (an image path, for reports).</summary>
public sealed record ModelSample(string Source, IReadOnlyList<NamedTensor> Inputs);
