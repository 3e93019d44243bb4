using DeepSeek.Edge.Inference.Placement;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>How a model was loaded, for the load log and the reported state: what was asked, what ONNX Runtime got, where the nodes went.</summary>
/// <param name="Precision">The manifest's precision.</param>
/// <param name="Chain">The provider chain, in order.</param>
/// <param name="Policy">Fallback or require.</param>
/// <param name="Provider">The provider whose session serves the model (the first of the chain that could be used).</param>
/// <param name="IntraOpThreads">ONNX Runtime's intra-op threads (0: one per core).</param>
/// <param name="TensorRt">TensorRT's builder flags, when the chain has tensorrt.</param>
/// <param name="ProviderOptions">The provider-options dictionaries handed to ONNX Runtime, by provider (only providers this build has).</param>
/// <param name="SessionConfig">Session config entries beyond the CPU defaults (e.g. <c>session.disable_cpu_ep_fallback</c>).</param>
/// <param name="Graph">The stored graph's operators.</param>
/// <param name="Placement">Nodes per provider in the warm-up run; null while a user profile is recording (<see cref="InferenceOptions.ProfilePrefix"/>).</param>
/// <param name="EngineCacheDirectory">The TensorRT engine cache entry, when TensorRT was used.</param>
public sealed record EngineSetup(
    ModelPrecision Precision,
    IReadOnlyList<ExecutionProvider> Chain,
    ProviderPolicy Policy,
    ExecutionProvider Provider,
    int IntraOpThreads,
    TensorRtPrecision? TensorRt,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProviderOptions,
    IReadOnlyDictionary<string, string> SessionConfig,
    GraphPrecision Graph,
    NodePlacement? Placement,
    string? EngineCacheDirectory)
{
    /// <summary>What the model's precision does not fit in the chain it was asked to run on (<see cref="PrecisionWarnings"/> codes), each logged and counted at load.</summary>
    public IReadOnlyList<string> PrecisionWarnings { get; init; } = [];
}
