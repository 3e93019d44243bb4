using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Calibration;

/// <summary>Turns a tensor's calibration statistics into the range it is quantized over.</summary>
public interface IRangeCalibrator
{
    CalibrationMethod Method { get; }

    /// <summary>Histogram bins the calibrator needs (a second pass over the samples), or 0 for none.</summary>
    int HistogramBins { get; }

    TensorRange Compute(TensorStatistics statistics, ActivationType activationType);
}
