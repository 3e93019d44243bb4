using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>Settings of static (calibrated) QDQ quantization. Defaults suit ORT's CPU INT8 kernels.</summary>
public sealed record StaticQuantizationOptions
{
    public CalibrationMethod Calibrator { get; init; } = CalibrationMethod.MinMax;

    public ActivationType Activations { get; init; } = ActivationType.UInt8;

    /// <summary>Node names that stay float (exact match).</summary>
    public IReadOnlyCollection<string> ExcludeNodes { get; init; } = [];

    /// <summary>Op types that stay float, e.g. <c>Add</c> or <c>Gemm</c>.</summary>
    public IReadOnlyCollection<string> ExcludeOpTypes { get; init; } = [];

    /// <summary>Nodes that stay float, named by their first output tensor (unique in a graph, and every node has one, named or not): the mixed-precision search's layers.</summary>
    internal IReadOnlySet<string> ExcludeOutputs { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>When set, only the nodes with these first outputs are quantized (per-layer sensitivity); null: every node that can be.</summary>
    internal IReadOnlySet<string>? OnlyOutputs { get; init; }

    /// <summary>
    /// Keep the tensors that reach a graph output through data-movement ops only (Reshape, Transpose, Concat...)
    /// in float, so that raw outputs (box offsets, score logits, embeddings) are not rounded to 8 bits.
    /// </summary>
    public bool KeepOutputsFloat { get; init; } = true;

    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// Store Conv/Gemm biases as int32 (input scale x weight scale), which ORT's QLinearConv fusion needs. Null: yes
    /// for uint8 activations, no for int8 (TensorRT's Q/DQ path takes int8 only and wants float biases).
    /// </summary>
    public bool? QuantizeBias { get; init; }

    internal bool QuantizesBias => QuantizeBias ?? Activations == ActivationType.UInt8;
}
