using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Dynamic;
using DeepSeek.Edge.Quantization.Evaluation;
using DeepSeek.Edge.Quantization.Gate;
using DeepSeek.Edge.Quantization.Mixed;
using DeepSeek.Edge.Quantization.Qdq;
using DeepSeek.Edge.Quantization.Sessions;

namespace DeepSeek.Edge.Quantization;

/// <summary>
/// One <c>ds-edge quantize</c> job: the FP32 model directory, a folder of sample images, the new model directory.
/// Without <see cref="HoldoutDirectory"/>, every 4th sample image is held out of calibration for the accuracy check.
/// </summary>
public sealed record QuantizeRequest(string ModelDirectory, string CalibrationDirectory, string OutputDirectory)
{
    public QuantizationMethod Method { get; init; } = QuantizationMethod.Static;

    /// <summary>
    /// Where the model will run, recorded in the manifest. It must agree with <see cref="StaticQuantizationOptions.Activations"/>:
    /// TensorRT takes symmetric int8 activations only (<see cref="QuantizationTargets.Activations"/>).
    /// </summary>
    public QuantizationTarget Target { get; init; } = QuantizationTarget.Cpu;

    public StaticQuantizationOptions Static { get; init; } = new();

    public DynamicQuantizationOptions Dynamic { get; init; } = new();

    /// <summary>Images used only for the FP32 vs INT8 comparison; when null they are split off the calibration images.</summary>
    public string? HoldoutDirectory { get; init; }

    /// <summary>At most this many calibration images are used (the first ones, by name).</summary>
    public int MaxCalibrationImages { get; init; } = 200;

    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>How far INT8 may drift from FP32 on the held-out images; a model that misses it is not written.</summary>
    public AccuracyBudget Budget { get; init; } = new();

    /// <summary>How far the search for layers to keep float goes when the all-INT8 model misses <see cref="Budget"/> (static only).</summary>
    public MixedPrecisionOptions MixedPrecision { get; init; } = new();

    /// <summary>Write the model even when it misses <see cref="Budget"/> (the manifest still records the miss).</summary>
    public bool AcceptBelowBudget { get; init; }

    public SessionSettings Sessions { get; init; } = SessionSettings.Default;

    /// <summary>Write into an output directory that already has files.</summary>
    public bool Overwrite { get; init; }
}
