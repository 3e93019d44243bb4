using System.Globalization;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// TensorRT engine and timing caches live in a directory keyed by the model's SHA-256, the ONNX Runtime version
/// and the precision flags, so an engine built for another model, runtime or precision is never reused.
/// </summary>
public static class TensorRtCache
{
    public static string DirectoryFor(ModelBundle bundle, TensorRtOptions options)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var precision = (options.Fp16 ? "fp16" : "fp32") + (options.Int8 ? "-int8" : "") + (options.DlaCore is { } dla ? $"-dla{dla}" : "");
        var key = $"{bundle.ModelSha256[..16]}-ort{OrtEnv.Instance().GetVersionString()}-{precision}";
        return Path.Combine(options.CacheDirectory, bundle.Manifest.Name, key);
    }

    internal static Dictionary<string, string> ProviderSettings(ModelBundle bundle, TensorRtOptions options)
    {
        var dir = DirectoryFor(bundle, options);
        Directory.CreateDirectory(dir);
        var settings = new Dictionary<string, string>
        {
            ["device_id"] = options.DeviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = options.Fp16 ? "1" : "0",
            ["trt_int8_enable"] = options.Int8 ? "1" : "0",
            ["trt_engine_cache_enable"] = "1",
            ["trt_engine_cache_path"] = dir,
            ["trt_timing_cache_enable"] = "1",
            ["trt_timing_cache_path"] = dir,
            ["trt_max_workspace_size"] = options.WorkspaceBytes.ToString(CultureInfo.InvariantCulture),
        };
        if (options.DlaCore is { } core)
        {
            settings["trt_dla_enable"] = "1";
            settings["trt_dla_core"] = core.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }
}
