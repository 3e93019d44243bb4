namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// How a camera's model was loaded, in the reported state: the manifest's precision, the provider chain and policy, the
/// provider whose session serves it, TensorRT's builder flags, the exact provider options handed to ONNX Runtime, and where
/// ONNX Runtime put the nodes in the warm-up run.
/// </summary>
/// <param name="Precision"><c>fp32</c>, <c>fp16</c> or <c>int8</c> (the manifest's).</param>
/// <param name="Chain">The provider chain in order, e.g. <c>["tensorrt","cuda","cpu"]</c>.</param>
/// <param name="Policy"><c>fallback</c> or <c>require</c>.</param>
/// <param name="Provider">The provider whose session serves the model.</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads the model runs with (the agent gives each camera its share of the device's thread budget unless configured; 0: one per core).</param>
/// <param name="Placement">Nodes per provider, most first; empty when not measured.</param>
public sealed record InferenceReport(
    string Precision, IReadOnlyList<string> Chain, string Policy, string Provider, int IntraOpThreads, IReadOnlyList<PlacementReport> Placement)
{
    /// <summary>TensorRT's builder flags (<c>fp32</c>, <c>fp16</c>, <c>int8</c>, <c>int8+fp16</c>) when the chain has tensorrt.</summary>
    public string? TensorRtPrecision { get; init; }

    /// <summary>The provider-options dictionaries handed to ONNX Runtime, by provider (only providers this build has).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProviderOptions { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Session config entries beyond the defaults, e.g. <c>session.disable_cpu_ep_fallback</c>.</summary>
    public IReadOnlyDictionary<string, string> SessionConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>The TensorRT engine cache entry in use.</summary>
    public string? EngineCache { get; init; }

    /// <summary>
    /// What the model's quantization does not fit in the chain it runs on, e.g. <c>uint8_activations_on_tensorrt</c> (TensorRT's INT8
    /// path takes symmetric int8 activations only) or <c>ort_quantized_on_tensorrt</c>; empty when it fits.
    /// </summary>
    public IReadOnlyList<string> PrecisionWarnings { get; init; } = [];
}

/// <summary>The nodes one provider ran in the warm-up run, by operator type.</summary>
public sealed record PlacementReport(string Provider, int Nodes, IReadOnlyDictionary<string, int> Ops);
