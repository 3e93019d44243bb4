using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// Creates an ONNX Runtime session by walking the provider chain: each provider is tried in order (with the providers after
/// it appended as ONNX Runtime's own per-node fallbacks); one that cannot be used is logged with the reason and counted, and
/// the next is tried, unless the policy is <see cref="ProviderPolicy.Require"/>. A model that fails for a reason of its own
/// (a corrupt file, an invalid graph) fails at once with <see cref="ModelFileException"/>, and counts no provider.
/// </summary>
internal static class SessionFactory
{
    public static CreatedSession Create(ModelBundle bundle, InferenceOptions options, SessionPlan plan, ILogger logger)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        var chain = options.Providers.ToArray();
        var attempts = new List<ProviderAttempt>();
        var cache = new Lazy<string>(() => PrepareCache(bundle, options, plan, logger));
        var sessionConfig = ProviderSettings.SessionConfig(options.Policy, chain[0]);
        for (var i = 0; i < chain.Length; i++)
        {
            var provider = chain[i];
            string reason;
            if (!available.Contains(provider.OrtName()))
            {
                reason = $"not built into this ONNX Runtime library (it has {string.Join(", ", available)}); " + HowToGet(provider);
            }
            else
            {
                var providerOptions = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
                SessionOptions? sessionOptions = null;
                try
                {
                    sessionOptions = BuildOptions(bundle, options, plan, chain.AsSpan(i), available, sessionConfig, cache, providerOptions);
                    var session = new InferenceSession(bundle.ModelPath, sessionOptions);
                    sessionOptions.Dispose();
                    attempts.Add(new ProviderAttempt(provider, true, null));
                    CountFallbacks(bundle, attempts, logger);
                    return new CreatedSession(session, provider, attempts, providerOptions, sessionConfig, cache.IsValueCreated ? cache.Value : null);
                }
                catch (OnnxRuntimeException ex) when (ModelFileException.IsModelError(ex.Message))
                {
                    sessionOptions?.Dispose();
                    throw new ModelFileException(bundle.Manifest.Id, bundle.ModelPath, ex.Message, ex);
                }
                catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException)
                {
                    sessionOptions?.Dispose();
                    reason = ex.Message;
                }
            }

            attempts.Add(new ProviderAttempt(provider, false, reason));
            if (options.Policy == ProviderPolicy.Require)
            {
                CountFallbacks(bundle, attempts, logger);
                throw new ProviderUnavailableException($"model {bundle.Manifest.Id} requires execution provider {provider.Name()}, which cannot be used:", attempts);
            }
        }

        CountFallbacks(bundle, attempts, logger);
        throw new ProviderUnavailableException($"no execution provider of the chain [{string.Join(",", chain.Select(p => p.Name()))}] could load model {bundle.Manifest.Id}:", attempts);
    }

    /// <summary>Logs and counts the providers that could not serve, once the model is known to be loadable (or every provider failed).</summary>
    private static void CountFallbacks(ModelBundle bundle, List<ProviderAttempt> attempts, ILogger logger)
    {
        foreach (var failed in attempts.Where(a => !a.Succeeded))
        {
            InferenceLog.ProviderUnavailable(logger, bundle.Manifest.Id, failed.Provider.Name(), failed.Reason ?? "unknown");
            InferenceMetrics.ProviderFallbacks.Add(1, new("model", bundle.Manifest.Name), new("provider", failed.Provider.Name()));
        }
    }

    private static string PrepareCache(ModelBundle bundle, InferenceOptions options, SessionPlan plan, ILogger logger)
    {
        var prepared = TensorRtCache.Prepare(bundle, options.TensorRt, plan.TensorRt!, GpuTarget.Probe(options.TensorRt.DeviceId), DateTimeOffset.UtcNow);
        foreach (var entry in prepared.Collected)
        {
            InferenceLog.EngineCacheCollected(logger, entry);
            InferenceMetrics.EngineCacheCollected.Add(1);
        }

        return prepared.Directory;
    }

    private static SessionOptions BuildOptions(
        ModelBundle bundle, InferenceOptions options, SessionPlan plan, ReadOnlySpan<ExecutionProvider> chain, string[] available,
        IReadOnlyDictionary<string, string> sessionConfig, Lazy<string> cache, SortedDictionary<string, IReadOnlyDictionary<string, string>> providerOptions)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
            IntraOpNumThreads = options.Cpu.IntraOpThreads,
            LogId = bundle.Manifest.Id,
            // ONNX Runtime's own warnings (unused initializers and the like) are noise to an operator; errors still show.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        CpuSessionConfig.Apply(so, options.Cpu.Spinning);
        foreach (var (key, value) in sessionConfig) so.AddSessionConfigEntry(key, value);
        so.ProfileOutputPathPrefix = plan.ProfilePrefix; // read when profiling is enabled: set it first
        so.EnableProfiling = true;

        foreach (var provider in chain)
        {
            if (!available.Contains(provider.OrtName())) continue;
            switch (provider)
            {
                case ExecutionProvider.TensorRT:
                    using (var trt = new OrtTensorRTProviderOptions())
                    {
                        var settings = ProviderSettings.TensorRt(options.TensorRt, plan.TensorRt!, cache.Value);
                        trt.UpdateOptions(new Dictionary<string, string>(settings));
                        so.AppendExecutionProvider_Tensorrt(trt);
                        providerOptions[provider.Name()] = settings;
                    }

                    break;
                case ExecutionProvider.Cuda:
                    using (var cuda = new OrtCUDAProviderOptions())
                    {
                        var settings = ProviderSettings.Cuda(options.Cuda);
                        cuda.UpdateOptions(new Dictionary<string, string>(settings));
                        so.AppendExecutionProvider_CUDA(cuda);
                        providerOptions[provider.Name()] = settings;
                    }

                    break;
                case ExecutionProvider.Cpu:
                    break; // always present as ONNX Runtime's last resort
            }
        }

        return so;
    }

    private static string HowToGet(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cpu => "this ONNX Runtime build is unusable",
        _ => "build with -p:OrtFlavor=gpu (x64, CUDA) or -p:OrtFlavor=jetson with JetPack's libonnxruntime.so (see Dockerfile.jetson)",
    };
}
