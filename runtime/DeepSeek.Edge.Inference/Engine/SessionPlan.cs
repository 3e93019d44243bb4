using DeepSeek.Edge.Inference.Precision;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>What the load decided before any session is made: TensorRT's flags (null when the chain has no tensorrt) and the profile prefix of the warm-up run.</summary>
internal sealed record SessionPlan(TensorRtPrecision? TensorRt, string ProfilePrefix);

/// <summary>A session and how it was made: the provider that serves it, every attempt, and the dictionaries handed to ONNX Runtime.</summary>
internal sealed record CreatedSession(
    Microsoft.ML.OnnxRuntime.InferenceSession Session,
    Providers.ExecutionProvider Provider,
    IReadOnlyList<Providers.ProviderAttempt> Attempts,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProviderOptions,
    IReadOnlyDictionary<string, string> SessionConfig,
    string? EngineCacheDirectory);
