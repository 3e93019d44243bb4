using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Inference;

/// <summary>How a model is loaded: the provider chain and each provider's settings.</summary>
public sealed class InferenceOptions
{
    /// <summary>Providers to try, in order. The default is CPU only.</summary>
    public IList<ExecutionProvider> Providers { get; } = [ExecutionProvider.Cpu];

    public ProviderPolicy Policy { get; set; } = ProviderPolicy.Fallback;
    public TensorRtOptions TensorRt { get; set; } = new();
    public CudaOptions Cuda { get; set; } = new();
    public CpuOptions Cpu { get; set; } = new();

    /// <summary>When set, ONNX Runtime's profiler writes a JSON trace with this path prefix.</summary>
    public string? ProfilePrefix { get; set; }

    /// <summary>Parses a comma-separated chain such as <c>tensorrt,cuda,cpu</c>.</summary>
    public static IReadOnlyList<ExecutionProvider> ParseChain(string chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var list = new List<ExecutionProvider>();
        foreach (var raw in chain.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ExecutionProvider provider = raw.ToLowerInvariant() switch
            {
                "tensorrt" or "trt" => ExecutionProvider.TensorRT,
                "cuda" => ExecutionProvider.Cuda,
                "cpu" => ExecutionProvider.Cpu,
                _ => throw new ArgumentException($"unknown execution provider \"{raw}\" in \"{chain}\"; use tensorrt, cuda or cpu, comma-separated in order of preference", nameof(chain)),
            };
            if (!list.Contains(provider)) list.Add(provider);
        }

        return list.Count > 0 ? list : throw new ArgumentException("the provider chain is empty; give e.g. \"tensorrt,cuda,cpu\"", nameof(chain));
    }

    public InferenceOptions WithProviders(IEnumerable<ExecutionProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Providers.Clear();
        foreach (var p in providers) Providers.Add(p);
        return this;
    }
}
