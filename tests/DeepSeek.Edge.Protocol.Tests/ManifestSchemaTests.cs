using System.Text.Json;
using DeepSeek.Edge.Models.Manifest;
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

    [Theory]
    [InlineData("\"thresholds\": {", "\"treshold\": 0.5, \"thresholds\": {", "/treshold")]
    [InlineData("\"anchor_offset\"", "\"anchor_ofset\"", "/decoder/anchor_ofset")]
    [InlineData("\"resize\": \"stretch\"", "\"resise\": \"stretch\"", "/input/resise")]
    public void Manifest_WithAMisspelledKey_DoesNot(string from, string to, string location)
    {
        var text = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "models", "manifests", "blazeface-front", "manifest.json"));
        var bad = text.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(text, bad);

        var problems = ProtocolSchemas.Problems(System.Text.Encoding.UTF8.GetBytes(bad));

        Assert.Contains(problems, p => p.Contains(location, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_ClosedObjects_ListExactlyTheKeysTheParserKnows()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProtocolSchemas.Directory, "model.v1.json")));
        var root = schema.RootElement;
        static string[] Keys(JsonElement o) => [.. o.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

        Assert.Equal(ManifestKeys.Root, Keys(root));
        Assert.Equal(ManifestKeys.File, Keys(root.GetProperty("properties").GetProperty("files").GetProperty("items")));
        Assert.Equal(ManifestKeys.Input, Keys(root.GetProperty("properties").GetProperty("input")));
        Assert.Equal(ManifestKeys.Thresholds, Keys(root.GetProperty("properties").GetProperty("thresholds")));
    }
}
