namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>How an activation's observed values become its quantization range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>Clips the rarest magnitudes: the range covers the given percentile of |x|.</summary>
    Percentile,

    /// <summary>The clipping threshold whose 8-bit histogram loses least information (KL divergence, as TensorRT).</summary>
    Entropy,
}
