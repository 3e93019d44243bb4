using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>
/// What the mixed-precision search found: every layer's sensitivity (most sensitive first), the models it tried, and the
/// one that met the budget with the fewest layers kept float (null when none within the limit did).
/// </summary>
public sealed record MixedPrecisionResult(
    IReadOnlyList<LayerSensitivity> Sensitivities,
    IReadOnlyList<MixedPrecisionTrial> Trials,
    MixedPrecisionTrial? Chosen,
    StaticQuantizationResult? Model,
    int SensitivitySamples,
    int MaxFloatLayers)
{
    public bool Passed => Chosen is not null;

    /// <summary>The all-INT8 model the search started from: its size, its speed against FP32 (when measured) and the figures it missed.</summary>
    public long AllInt8Bytes { get; init; }

    public double? AllInt8Speedup { get; init; }

    public AccuracyVerdict? AllInt8Verdict { get; init; }
}
