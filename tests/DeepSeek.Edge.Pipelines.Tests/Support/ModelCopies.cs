using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>Copies of the real sample models with an edited manifest or model file, re-listed so they open as valid bundles.</summary>
internal static class ModelCopies
{
    public static string Copy(string modelDir, Action<JsonObject>? editManifest = null, Func<byte[], byte[]>? editModel = null)
    {
        var target = Path.Combine(Path.GetTempPath(), "ds-edge-pipeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(modelDir)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var manifestPath = Path.Combine(target, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        editManifest?.Invoke(manifest);
        if (editModel is not null)
        {
            var modelPath = Path.Combine(target, manifest["model"]!.GetValue<string>());
            File.WriteAllBytes(modelPath, editModel(File.ReadAllBytes(modelPath)));
        }

        foreach (var entry in manifest["files"]!.AsArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(target, entry!["path"]!.GetValue<string>()));
            entry["size"] = bytes.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return target;
    }

    public static string WithVersion(string modelDir, string version) => Copy(modelDir, m => m["version"] = version);

    /// <summary>The model file cut in half: it fails to load.</summary>
    public static string CorruptOnnx(string modelDir) => Copy(modelDir, m => m["version"] = "9.0.0-corrupt", bytes => bytes[..(bytes.Length / 2)]);

    /// <summary>Loads and runs, but a mean of 1e38 over a std of 1e-38 overflows the input to infinity, so its outputs are NaN.</summary>
    public static string NonFiniteOutputs(string modelDir) => Copy(modelDir, m =>
    {
        m["version"] = "9.0.0-nan";
        m["input"]!["mean"] = new JsonArray(1e38, 1e38, 1e38);
        m["input"]!["std"] = new JsonArray(1e-38, 1e-38, 1e-38);
    });

    /// <summary>Loads and runs, but its anchor layers describe 640 anchors where the outputs have 896 rows.</summary>
    public static string DecoderShapeMismatch(string modelDir) => Copy(modelDir, m =>
    {
        m["version"] = "9.0.0-shapes";
        m["decoder"]!["layers"] = JsonNode.Parse("""[{"stride": 8, "anchors": 2}, {"stride": 16, "anchors": 2}]""");
    });
}
