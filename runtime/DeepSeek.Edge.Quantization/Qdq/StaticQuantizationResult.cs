using DeepSeek.Edge.Quantization.Calibration;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>A QDQ INT8 model with what was done to it and the activation ranges calibration chose.</summary>
public sealed record StaticQuantizationResult(
    ModelProto Model,
    QdqSummary Summary,
    IReadOnlyList<string> PreparationNotes,
    int CalibrationSamples,
    IReadOnlyDictionary<string, TensorRange> Ranges);
