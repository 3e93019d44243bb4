using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>
/// Picks the clipping threshold of |x| that minimises the KL divergence between the observed histogram (outliers
/// folded into the last kept bin) and its 8-bit quantized version, as TensorRT's entropy calibrator does.
/// Non-negative tensors with uint8 activations use all 256 levels; others the 128 of one sign. The zero bin is
/// flattened first, so that the exact zeros of a ReLU output do not dominate the search.
/// </summary>
public sealed class EntropyCalibrator : IRangeCalibrator
{
    public EntropyCalibrator(int bins = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 512);
        HistogramBins = bins;
    }

    public CalibrationMethod Method => CalibrationMethod.Entropy;

    public int HistogramBins { get; }

    public TensorRange Compute(TensorStatistics statistics, ActivationType activationType)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Count == 0) return default;
        var levels = statistics.Min >= 0f && activationType == ActivationType.UInt8 ? 256 : 128;
        var histogram = statistics.Histogram.Select(c => (double)c).ToArray();

        // The first bin holds every exact zero (half of a ReLU output); left as it is, that spike alone decides
        // the divergence, so it counts like its neighbour (as NVIDIA's histogram calibrator does).
        histogram[0] = histogram[1];
        var best = BestThresholdBin(histogram, levels);
        var threshold = best * statistics.BinWidth;
        return new TensorRange(MathF.Max(statistics.Min, -threshold), MathF.Min(statistics.Max, threshold));
    }

    /// <summary>The number of leading bins to keep (the threshold is its upper edge).</summary>
    internal static int BestThresholdBin(double[] histogram, int levels)
    {
        var bins = histogram.Length;
        if (bins <= levels) return bins;
        var tail = new double[bins + 1];
        for (var i = bins - 1; i >= 0; i--) tail[i] = tail[i + 1] + histogram[i];

        var p = new double[bins];
        var q = new double[bins];
        var bestBin = bins;
        var bestDivergence = double.PositiveInfinity;
        for (var i = levels; i <= bins; i++)
        {
            Array.Copy(histogram, p, i);
            p[i - 1] += tail[i];
            Quantize(histogram, p, i, levels, q);
            var divergence = Divergence(p.AsSpan(0, i), q.AsSpan(0, i));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestBin = i;
            }
        }

        return bestBin;
    }

    /// <summary>Merges the first <paramref name="kept"/> bins into <paramref name="levels"/> groups and spreads each group back over the bins where <paramref name="p"/> is non-zero.</summary>
    private static void Quantize(double[] histogram, double[] p, int kept, int levels, double[] q)
    {
        for (var j = 0; j < levels; j++)
        {
            var start = (int)((long)j * kept / levels);
            var end = (int)((long)(j + 1) * kept / levels);
            double sum = 0;
            var nonEmpty = 0;
            for (var k = start; k < end; k++)
            {
                sum += histogram[k];
                if (p[k] != 0) nonEmpty++;
            }

            var share = nonEmpty > 0 ? sum / nonEmpty : 0;
            for (var k = start; k < end; k++) q[k] = p[k] != 0 ? share : 0;
        }
    }

    private static double Divergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double pSum = 0, qSum = 0;
        for (var k = 0; k < p.Length; k++)
        {
            pSum += p[k];
            qSum += q[k];
        }

        if (pSum <= 0 || qSum <= 0) return double.PositiveInfinity;
        const double epsilon = 1e-10;
        double divergence = 0;
        for (var k = 0; k < p.Length; k++)
        {
            if (p[k] <= 0) continue;
            var pk = p[k] / pSum;
            var qk = Math.Max(q[k] / qSum, epsilon);
            divergence += pk * Math.Log(pk / qk);
        }

        return divergence;
    }
}
