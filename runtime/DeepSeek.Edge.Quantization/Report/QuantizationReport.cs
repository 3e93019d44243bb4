using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Qdq;

namespace DeepSeek.Edge.Quantization.Report;

/// <summary>Everything <c>ds-edge quantize</c> reports: what was done, sizes, latency and accuracy of INT8 against FP32.</summary>
public sealed record QuantizationReport(
    string Model,
    string OutputDirectory,
    QuantizationMethod Method,
    CalibrationMethod? Calibrator,
    ActivationType? Activations,
    int CalibrationSamples,
    long Fp32Bytes,
    long Int8Bytes,
    string Fp32Sha256,
    string Int8Sha256,
    IReadOnlyDictionary<string, int> QuantizedNodes,
    int ActivationPairs,
    IReadOnlyList<string> PreparationNotes,
    IReadOnlyList<string> Excluded,
    EvaluationResult Evaluation,
    AccuracyVerdict Verdict)
{
    /// <summary>Where the model was quantized to run (recorded as <c>quantization.target</c>).</summary>
    public QuantizationTarget Target { get; init; } = QuantizationTarget.Cpu;

    /// <summary>Neighbours of the excluded nodes that stayed float with them (they read or write the excluded nodes' float tensors).</summary>
    public IReadOnlyList<string> KeptFloat { get; init; } = [];

    /// <summary>The mixed-precision search, when the all-INT8 model missed the budget: the layer analysis, the models tried, the one chosen.</summary>
    public MixedPrecisionResult? MixedPrecision { get; init; }

    /// <summary>The model directory was written: the budget was met, or missing it was accepted.</summary>
    public bool Written { get; init; }
}
