using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Packaging;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Agent.Tests.Ota;

/// <summary>Builds real signed packages for over-the-air tests: a sample model re-packed under a new version.</summary>
internal static class OtaPackages
{
    /// <summary>Copies <paramref name="model"/> from models/dist, sets its version, and packs it signed by <paramref name="key"/>.</summary>
    public static PackageInfo Repack(string workDirectory, string model, string version, SigningKey key)
    {
        var source = TestAssets.Model(model);
        var directory = Path.Combine(workDirectory, $"{model}-{version}");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }

        var manifestPath = Path.Combine(directory, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["version"] = version;
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        return ModelPackager.Pack(manifestPath, Path.Combine(workDirectory, $"{model}-{version}.zip"), key);
    }
}
