using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DeepSeek.Edge.Inference.Precision;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Store;
using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// TensorRT engine and timing caches live in <c>&lt;root&gt;/&lt;model name&gt;/&lt;sha256[..12]&gt;-&lt;precision&gt;-&lt;target hash&gt;-&lt;settings hash&gt;</c>:
/// the target hash covers what the device and its libraries are (ONNX Runtime, TensorRT and CUDA driver versions, GPU name and
/// compute capability, Jetson module, where known), the settings hash what the engine was built with (precision flags,
/// workspace, DLA core, builder optimisation level). An engine built for anything else is never reused. Each directory holds
/// <c>key.txt</c> (the parts, one <c>name=value</c> a line) for people; its time stamp is the last use.
/// </summary>
public static partial class TensorRtCache
{
    /// <summary>An entry not used for this long is collected.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromDays(30);

    public const string KeyFile = "key.txt";

    /// <summary>The key's parts in order: what must match for an engine to be reused.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> KeyParts(ModelBundle bundle, TensorRtOptions options, TensorRtPrecision precision, GpuTarget target)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(target);
        return [.. TargetParts(target), .. SettingParts(bundle, options, precision)];
    }

    public static string DirectoryFor(ModelBundle bundle, TensorRtOptions options, TensorRtPrecision precision, GpuTarget target)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var name = $"{bundle.ModelSha256[..12]}-{precision.ToString().Replace('+', '_')}-{Hash(TargetParts(target))}-{Hash(SettingParts(bundle, options, precision))}";
        return Path.Combine(options.CacheDirectory, bundle.Manifest.Name, name);
    }

    /// <summary>Creates the entry (with its <c>key.txt</c>), marks it used now, and collects stale entries under the root.</summary>
    public static CachePreparation Prepare(ModelBundle bundle, TensorRtOptions options, TensorRtPrecision precision, GpuTarget target, DateTimeOffset now)
    {
        var dir = DirectoryFor(bundle, options, precision, target);
        Directory.CreateDirectory(dir);
        var key = Path.Combine(dir, KeyFile);
        File.WriteAllLines(key, KeyParts(bundle, options, precision, target).Select(p => $"{p.Key}={p.Value}"));
        File.SetLastWriteTimeUtc(key, now.UtcDateTime);
        var collected = Collect(options.CacheDirectory, Hash(TargetParts(target)), now, keep: dir);
        return new CachePreparation(dir, collected);
    }

    /// <summary>
    /// Removes the entries under <paramref name="root"/> that can never be used again (built for another target: another
    /// ONNX Runtime, TensorRT, driver or GPU; or in the layout before target keys) or that were not used for <see cref="MaxIdle"/>.
    /// Only directories named as this cache names them are touched.
    /// </summary>
    public static IReadOnlyList<string> Collect(string root, string targetHash, DateTimeOffset now, string? keep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var removed = new List<string>();
        if (!Directory.Exists(root)) return removed;
        foreach (var modelDir in Directory.EnumerateDirectories(root))
        {
            foreach (var entry in Directory.EnumerateDirectories(modelDir))
            {
                if (keep is not null && Path.GetFullPath(entry) == Path.GetFullPath(keep)) continue;
                var name = Path.GetFileName(entry);
                var match = EntryName().Match(name);
                var stale = match.Success
                    ? match.Groups["target"].Value != targetHash || now - LastUse(entry) > MaxIdle
                    : OldEntryName().IsMatch(name);
                if (!stale) continue;
                try
                {
                    Directory.Delete(entry, recursive: true);
                    removed.Add(entry);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // in use or not ours to delete: tried again at the next load
                }
            }
        }

        return removed;
    }

    /// <summary>The hash of a target's parts, as entry names carry it.</summary>
    public static string TargetHash(GpuTarget target) => Hash(TargetParts(target));

    private static DateTimeOffset LastUse(string entry)
    {
        var key = Path.Combine(entry, KeyFile);
        return File.Exists(key) ? File.GetLastWriteTimeUtc(key) : Directory.GetLastWriteTimeUtc(entry);
    }

    private static KeyValuePair<string, string>[] TargetParts(GpuTarget target) =>
    [
        new("onnxruntime", OrtEnv.Instance().GetVersionString()),
        new("tensorrt", target.TensorRtVersion ?? "unknown"),
        new("cuda_driver", target.CudaDriverVersion ?? "unknown"),
        new("gpu", target.GpuName ?? "unknown"),
        new("compute_capability", target.ComputeCapability ?? "unknown"),
        new("jetson_module", target.JetsonModule ?? "none"),
    ];

    private static KeyValuePair<string, string>[] SettingParts(ModelBundle bundle, TensorRtOptions options, TensorRtPrecision precision) =>
    [
        new("model_sha256", bundle.ModelSha256),
        new("precision", precision.ToString()),
        new("workspace_bytes", options.WorkspaceBytes.ToString(CultureInfo.InvariantCulture)),
        new("dla_core", options.DlaCore?.ToString(CultureInfo.InvariantCulture) ?? "none"),
        new("builder_optimization_level", options.BuilderOptimizationLevel?.ToString(CultureInfo.InvariantCulture) ?? "default"),
    ];

    private static string Hash(IEnumerable<KeyValuePair<string, string>> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts.Select(p => $"{p.Key}={p.Value}")))))[..8];

    [GeneratedRegex(@"\A[0-9a-f]{12}-[a-z0-9_]+-(?<target>[0-9a-f]{8})-[0-9a-f]{8}\z")]
    private static partial Regex EntryName();

    [GeneratedRegex(@"\A[0-9a-f]{16}-ort[0-9.]+-(fp16|fp32)(-int8)?(-dla[0-9]+)?\z")]
    private static partial Regex OldEntryName();
}

/// <summary>The cache entry a model's engines go to, and the stale entries removed on the way.</summary>
public sealed record CachePreparation(string Directory, IReadOnlyList<string> Collected);
