using DeepSeek.Edge.Quantization.Gate;

namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>One model the search held to the budget: the layers it kept float (most sensitive first), its size and the gate's answer.</summary>
public sealed record MixedPrecisionTrial(IReadOnlyList<QuantizedLayer> FloatLayers, long Bytes, AccuracyVerdict Verdict);
