using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>The full observed range: nothing clipped, coarsest steps when there are outliers.</summary>
public sealed class MinMaxCalibrator : IRangeCalibrator
{
    public CalibrationMethod Method => CalibrationMethod.MinMax;

    public int HistogramBins => 0;

    public TensorRange Compute(TensorStatistics statistics, ActivationType activationType)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return statistics.Count == 0 ? default : new TensorRange(statistics.Min, statistics.Max);
    }
}
