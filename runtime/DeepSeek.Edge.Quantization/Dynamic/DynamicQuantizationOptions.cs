namespace DeepSeek.Edge.Quantization.Dynamic;

/// <summary>Settings of dynamic quantization (int8 weights offline, activations quantized per run).</summary>
public sealed record DynamicQuantizationOptions
{
    /// <summary>Node names that stay float (exact match).</summary>
    public IReadOnlyCollection<string> ExcludeNodes { get; init; } = [];

    /// <summary>Op types that stay float: <c>MatMul</c> or <c>Gemm</c>.</summary>
    public IReadOnlyCollection<string> ExcludeOpTypes { get; init; } = [];
}
