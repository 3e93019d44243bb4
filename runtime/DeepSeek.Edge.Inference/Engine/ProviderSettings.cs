using System.Globalization;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// The exact provider-options and session-config dictionaries handed to ONNX Runtime. One function per provider, free of
/// I/O, so what a configuration produces can be checked without a GPU; <see cref="SessionFactory"/> passes them through unchanged.
/// </summary>
public static class ProviderSettings
{
    /// <summary>TensorRT's options (<c>OrtTensorRTProviderOptions.UpdateOptions</c>). No calibration table is ever named: INT8 is explicit (Q/DQ).</summary>
    public static IReadOnlyDictionary<string, string> TensorRt(TensorRtOptions options, TensorRtPrecision precision, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = Text(options.DeviceId),
            ["trt_fp16_enable"] = Flag(precision.Fp16),
            ["trt_int8_enable"] = Flag(precision.Int8),
            ["trt_engine_cache_enable"] = "1",
            ["trt_engine_cache_path"] = cacheDirectory,
            ["trt_timing_cache_enable"] = Flag(options.TimingCache),
            ["trt_max_workspace_size"] = Text(options.WorkspaceBytes),
        };
        if (options.TimingCache) settings["trt_timing_cache_path"] = cacheDirectory;
        if (options.BuilderOptimizationLevel is { } level) settings["trt_builder_optimization_level"] = Text(level);
        if (options.DlaCore is { } core)
        {
            settings["trt_dla_enable"] = "1";
            settings["trt_dla_core"] = Text(core);
        }

        return settings;
    }

    /// <summary>CUDA's options (<c>OrtCUDAProviderOptions.UpdateOptions</c>).</summary>
    public static IReadOnlyDictionary<string, string> Cuda(CudaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["device_id"] = Text(options.DeviceId) };
        if (options.MemoryLimitBytes > 0) settings["gpu_mem_limit"] = Text(options.MemoryLimitBytes);
        if (options.ConvAlgoSearch is { } search) settings["cudnn_conv_algo_search"] = search;
        return settings;
    }

    /// <summary>
    /// Session config entries beyond <see cref="CpuSessionConfig"/>: with <see cref="ProviderPolicy.Require"/> and a GPU provider
    /// first, <c>session.disable_cpu_ep_fallback</c>, so a node the GPU providers cannot take fails the load instead of running on CPU.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SessionConfig(ProviderPolicy policy, ExecutionProvider first)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (policy == ProviderPolicy.Require && first != ExecutionProvider.Cpu) entries["session.disable_cpu_ep_fallback"] = "1";
        return entries;
    }

    private static string Flag(bool on) => on ? "1" : "0";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
