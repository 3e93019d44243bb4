using System.Text.Json.Nodes;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Inference.Tests;

/// <summary>Copies of the real sample models with an edited manifest, for contract tests.</summary>
internal static class ModelFixtures
{
    /// <summary>Copies a sample model into a fresh temp directory and lets the test edit its manifest.</summary>
    public static string CopyWithManifest(string modelDir, Action<JsonObject> edit)
    {
        var target = Path.Combine(Path.GetTempPath(), "ds-edge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(modelDir))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var manifestPath = Path.Combine(target, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        edit(manifest);
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return target;
    }

    public static string BlazeFaceFrontWith(Action<JsonObject> edit) => CopyWithManifest(TestAssets.BlazeFaceFront, edit);
}
