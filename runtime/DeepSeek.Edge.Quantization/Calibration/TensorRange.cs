namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>The real-valued range an activation tensor is quantized over.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    /// <summary>The range widened to contain zero, so that zero (padding, ReLU output) is exactly representable.</summary>
    public TensorRange WithZero() => new(MathF.Min(Min, 0f), MathF.Max(Max, 0f));
}
