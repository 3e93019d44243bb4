using DeepSeek.Edge.Testing;

namespace DeepSeek.Edge.Protocol.Tests;

/// <summary>The project's model manifests, and the packages fetched at set-up, conform to docs/schemas/model.v1.json.</summary>
public sealed class ManifestSchemaTests
{
    public static TheoryData<string> Manifests => new(
        Directory.GetFiles(Path.Combine(TestAssets.RepoRoot, "models", "manifests"), "manifest.json", SearchOption.AllDirectories)
            .Concat(Directory.Exists(TestAssets.ModelsDir) ? Directory.GetFiles(TestAssets.ModelsDir, "manifest.json", SearchOption.AllDirectories) : [])
            .Select(p => Path.GetRelativePath(TestAssets.RepoRoot, p)));

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_ConformsToTheSchema(string manifest) =>
        Assert.Empty(ProtocolSchemas.Problems(File.ReadAllBytes(Path.Combine(TestAssets.RepoRoot, manifest))));

    [Fact]
    public void Manifest_WithAnUnknownTask_DoesNot()
    {
        var text = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "models", "manifests", "blazeface-back", "manifest.json"));
        var bad = text.Replace("\"task\": \"detection\"", "\"task\": \"segmentation\"", StringComparison.Ordinal);
        Assert.NotEqual(text, bad);
        Assert.Contains(ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(bad)), p => p.StartsWith("/task", StringComparison.Ordinal));
    }
}
