using System.Text;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Tests.Support;

/// <summary>Valid manifests around a given decoder block, parsed the way a device parses a package.</summary>
internal static class TestManifests
{
    public static ModelManifest Parse(string task, string? decoderJson, int width = 640, int height = 640, string labelsJson = "[]")
    {
        var json = $$"""
            {
              "schema": "deepseek-edge/model/v1",
              "name": "test-model", "version": "1.0.0",
              "task": "{{task}}",
              "model": "model.onnx",
              "files": [{ "path": "model.onnx", "size": 1, "sha256": "{{new string('0', 64)}}" }],
              "input": { "name": "input", "layout": "NCHW", "width": {{width}}, "height": {{height}} },
              {{(decoderJson is null ? "" : $"\"decoder\": {decoderJson},")}}
              "labels": {{labelsJson}}
            }
            """;
        return ManifestParser.Parse(Encoding.UTF8.GetBytes(json));
    }

    public static IOutputDecoder Decoder(string task, string decoderJson, int width = 640, int height = 640, string labelsJson = "[]") =>
        DecoderFactory.Create(Parse(task, decoderJson, width, height, labelsJson));

    /// <summary>A manifest of this repository (models/manifests/NAME/manifest.json), labels files resolved next to it.</summary>
    public static ModelManifest Real(string name) => RealWith(name, _ => { });

    /// <summary>A manifest of this repository, edited before it is parsed.</summary>
    public static ModelManifest RealWith(string name, Action<JsonObject> edit)
    {
        var dir = Path.Combine(Testing.TestAssets.RepoRoot, "models", "manifests", name);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!.AsObject();
        edit(json);
        return ManifestParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), readLabelsFile: f => File.ReadAllLines(Path.Combine(dir, f)));
    }
}
