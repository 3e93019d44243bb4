using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>Instruments of the inference engine, tagged by model, version and provider.</summary>
internal static class InferenceMetrics
{
    public static readonly Counter<long> InferenceErrors =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.inference.errors", "{error}", "Model runs that failed");

    public static readonly Histogram<double> InferenceDuration =
        EdgeMeter.Instance.CreateHistogram<double>("dsedge.inference.duration", "s", "ONNX Runtime run time per model run, by model, version and execution provider (its count is the number of runs)");

    public static readonly Counter<long> ProviderFallbacks =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.provider.fallbacks", "{fallback}", "Providers of the chain that could not serve a model, by provider");

    public static readonly Counter<long> ModelLoads =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.model.loads", "{load}", "Models loaded, by model, version and the provider that serves them");

    public static readonly Counter<long> ModelLoadFailures =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.model.load.failures", "{failure}", "Model loads that failed, by model and reason (model_file, contract, provider)");

    public static readonly Counter<long> PrecisionWarnings =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.model.precision.warnings", "{warning}", "Models loaded on a provider chain their quantization does not fit, by model, version and warning (uint8_activations_on_tensorrt, ort_quantized_on_tensorrt)");

    public static readonly Counter<long> EngineCacheCollected =
        EdgeMeter.Instance.CreateCounter<long>("dsedge.trt.cache.collected", "{entry}", "TensorRT engine cache entries removed as stale");
}
