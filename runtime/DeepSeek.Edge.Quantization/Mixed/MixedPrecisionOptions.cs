namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>
/// Limits of the mixed-precision search that runs when the INT8 model misses the accuracy budget: how many layers it may
/// keep float, and on how many calibration samples each layer's sensitivity is measured (its cost: one session and that
/// many runs per quantized layer, then at most <see cref="MaxFloatLayers"/> evaluations and as many to prune).
/// </summary>
public sealed record MixedPrecisionOptions
{
    /// <summary>Most layers kept float before the search gives up (0: no search; a model that misses the budget is refused).</summary>
    public int MaxFloatLayers { get; init; } = 8;

    /// <summary>Calibration samples each layer's sensitivity is measured on (the first ones).</summary>
    public int SensitivitySamples { get; init; } = 6;
}
