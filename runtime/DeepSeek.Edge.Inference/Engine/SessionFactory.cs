using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Models.Store;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// Creates an ONNX Runtime session by walking the provider chain: each provider is tried in order (with the
/// providers after it appended as ONNX Runtime's own per-node fallbacks); one that cannot be used is logged with
/// the reason and counted, and the next is tried, unless the policy is <see cref="ProviderPolicy.Require"/>.
/// </summary>
internal static class SessionFactory
{
    public static (InferenceSession Session, ExecutionProvider Provider, IReadOnlyList<ProviderAttempt> Attempts) Create(
        ModelBundle bundle, InferenceOptions options, ILogger logger)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        var chain = options.Providers.ToArray();
        var attempts = new List<ProviderAttempt>();
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
                SessionOptions? sessionOptions = null;
                try
                {
                    sessionOptions = BuildOptions(bundle, options, chain.AsSpan(i), available);
                    var session = new InferenceSession(bundle.ModelPath, sessionOptions);
                    sessionOptions.Dispose();
                    attempts.Add(new ProviderAttempt(provider, true, null));
                    return (session, provider, attempts);
                }
                catch (OnnxRuntimeException ex)
                {
                    sessionOptions?.Dispose();
                    reason = ex.Message;
                }
                catch (EntryPointNotFoundException ex)
                {
                    sessionOptions?.Dispose();
                    reason = ex.Message;
                }
            }

            attempts.Add(new ProviderAttempt(provider, false, reason));
            InferenceLog.ProviderUnavailable(logger, bundle.Manifest.Id, provider.Name(), reason);
            InferenceMetrics.ProviderFallbacks.Add(1,
                new("model", bundle.Manifest.Name), new("provider", provider.Name()));
            if (options.Policy == ProviderPolicy.Require)
                throw new ProviderUnavailableException($"model {bundle.Manifest.Id} requires execution provider {provider.Name()}, which cannot be used:", attempts);
        }

        throw new ProviderUnavailableException($"no execution provider of the chain [{string.Join(",", chain.Select(p => p.Name()))}] could load model {bundle.Manifest.Id}:", attempts);
    }

    private static SessionOptions BuildOptions(ModelBundle bundle, InferenceOptions options, ReadOnlySpan<ExecutionProvider> chain, string[] available)
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
        if (options.ProfilePrefix is { } prefix)
        {
            so.ProfileOutputPathPrefix = prefix; // read when profiling is enabled: set it first
            so.EnableProfiling = true;
        }

        foreach (var provider in chain)
        {
            if (!available.Contains(provider.OrtName())) continue;
            switch (provider)
            {
                case ExecutionProvider.TensorRT:
                    using (var trt = new OrtTensorRTProviderOptions())
                    {
                        trt.UpdateOptions(TensorRtCache.ProviderSettings(bundle, options.TensorRt));
                        so.AppendExecutionProvider_Tensorrt(trt);
                    }

                    break;
                case ExecutionProvider.Cuda:
                    using (var cuda = new OrtCUDAProviderOptions())
                    {
                        var settings = new Dictionary<string, string> { ["device_id"] = options.Cuda.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                        if (options.Cuda.MemoryLimitBytes > 0)
                            settings["gpu_mem_limit"] = options.Cuda.MemoryLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        cuda.UpdateOptions(settings);
                        so.AppendExecutionProvider_CUDA(cuda);
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
