namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>The calibrator for each <see cref="CalibrationMethod"/>, with default settings.</summary>
public static class RangeCalibrators
{
    public static IRangeCalibrator For(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => new MinMaxCalibrator(),
        CalibrationMethod.Percentile => new PercentileCalibrator(),
        CalibrationMethod.Entropy => new EntropyCalibrator(),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown calibration method"),
    };
}
