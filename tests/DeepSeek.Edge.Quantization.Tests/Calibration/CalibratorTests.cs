using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Tests.Calibration;

public sealed class CalibratorTests
{
    private static TensorStatistics Observe(IRangeCalibrator calibrator, float[] values)
    {
        var statistics = new TensorStatistics();
        statistics.AddRange(values);
        if (calibrator.HistogramBins > 0)
        {
            statistics.StartHistogram(calibrator.HistogramBins);
            statistics.AddHistogram(values);
        }

        return statistics;
    }

    /// <summary>Normally distributed values (sigma 1) plus a few far outliers at +-50.</summary>
    private static float[] GaussianWithOutliers()
    {
        var random = new Random(42);
        var values = new float[200_000];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        values[10] = 50f;
        values[20] = -50f;
        return values;
    }

    /// <summary>What a ReLU output looks like: half exact zeros, the rest exponentially distributed (mean 1).</summary>
    private static float[] ReluLike()
    {
        var random = new Random(7);
        return Enumerable.Range(0, 200_000).Select(i => i % 2 == 0 ? 0f : (float)-Math.Log(1 - random.NextDouble())).ToArray();
    }

    [Fact]
    public void MinMax_AnyValues_ReturnsTheObservedExtremes()
    {
        var calibrator = new MinMaxCalibrator();
        var range = calibrator.Compute(Observe(calibrator, [-2f, 0.5f, 7f, float.NaN, float.PositiveInfinity]), ActivationType.UInt8);

        Assert.Equal(new TensorRange(-2f, 7f), range);
    }

    [Fact]
    public void Percentile_RareOutliers_ClipsThemAway()
    {
        var calibrator = new PercentileCalibrator(99.99);
        var range = calibrator.Compute(Observe(calibrator, GaussianWithOutliers()), ActivationType.UInt8);

        Assert.InRange(range.Max, 3f, 6f);
        Assert.InRange(range.Min, -6f, -3f);
    }

    [Fact]
    public void Entropy_RareOutliers_ThresholdWellBelowTheOutliers()
    {
        var calibrator = new EntropyCalibrator();
        var range = calibrator.Compute(Observe(calibrator, GaussianWithOutliers()), ActivationType.UInt8);

        Assert.InRange(range.Max, 2.5f, 25f);
        Assert.Equal(-range.Max, range.Min);
    }

    [Fact]
    public void Entropy_ReluOutputWithManyZeros_KeepsMostOfTheTail()
    {
        var values = ReluLike();
        var calibrator = new EntropyCalibrator();
        var range = calibrator.Compute(Observe(calibrator, values), ActivationType.UInt8);

        Assert.Equal(0f, range.Min);
        Assert.True(range.Max > 0.4f * values.Max(), $"threshold {range.Max} of max {values.Max()}: the zero spike decided it");
    }

    [Fact]
    public void Statistics_NonFiniteValues_AreSkipped()
    {
        var statistics = new TensorStatistics();
        statistics.AddRange([1f, float.NaN, -3f, float.NegativeInfinity]);

        Assert.Equal(-3f, statistics.Min);
        Assert.Equal(1f, statistics.Max);
        Assert.Equal(2, statistics.Count);
    }
}
