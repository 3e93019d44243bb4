using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>Clips magnitudes above the given percentile of |x| (default 99.999), trading rare outliers for finer steps.</summary>
public sealed class PercentileCalibrator : IRangeCalibrator
{
    public const double DefaultPercentile = 99.999;

    public PercentileCalibrator(double percentile = DefaultPercentile, int bins = 4096)
    {
        if (percentile is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile in (0, 100]");
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 16);
        Percentile = percentile;
        HistogramBins = bins;
    }

    public double Percentile { get; }

    public CalibrationMethod Method => CalibrationMethod.Percentile;

    public int HistogramBins { get; }

    public TensorRange Compute(TensorStatistics statistics, ActivationType activationType)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Count == 0) return default;
        var histogram = statistics.Histogram;
        var total = histogram.Sum();
        var wanted = total * (Percentile / 100.0);
        double cumulative = 0;
        var bin = histogram.Count - 1;
        for (var i = 0; i < histogram.Count; i++)
        {
            cumulative += histogram[i];
            if (cumulative >= wanted)
            {
                bin = i;
                break;
            }
        }

        var threshold = (bin + 1) * statistics.BinWidth;
        return new TensorRange(MathF.Max(statistics.Min, -threshold), MathF.Min(statistics.Max, threshold));
    }
}
