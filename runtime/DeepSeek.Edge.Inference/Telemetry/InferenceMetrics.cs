using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>Instruments of the inference engine, tagged by model, version and provider.</summary>
internal static class InferenceMetrics
{
    public static readonly Counter<long> Inferences =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.inferences", "{inference}", "Model runs, by model, version and execution provider");

    public static readonly Counter<long> InferenceErrors =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.inference.errors", "{error}", "Model runs that failed");

    public static readonly Histogram<double> InferenceDuration =
        EdgeMeter.Instance.CreateHistogram<double>("dsedge.inference.duration", "ms", "ONNX Runtime run time per frame");

    public static readonly Counter<long> ProviderFallbacks =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.provider.fallbacks", "{fallback}", "Providers of the chain that could not serve a model, by provider");

    public static readonly Counter<long> ModelLoads =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.model.loads", "{load}", "Models loaded, by model, version and the provider that serves them");
}
