using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Quantization.Packaging;

/// <summary>
/// Writes the INT8 model directory: the new ONNX file under the same package path, the other package files
/// (labels...) copied, and the manifest with <c>"precision": "int8"</c>, the model's new size and SHA-256 and a
/// <c>quantization</c> block. The result is opened as a <see cref="ModelBundle"/> to prove it is valid.
/// </summary>
public static class QuantizedModelWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static ModelBundle Write(ModelBundle source, byte[] model, string outputDirectory, JsonObject quantization, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(quantization);
        var target = CheckTarget(source, outputDirectory, overwrite);
        Directory.CreateDirectory(target);

        foreach (var file in source.Manifest.Files.Where(f => f.Path != source.Manifest.Model))
        {
            var destination = Path.Combine(target, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source.PathOf(file.Path), destination, overwrite: true);
        }

        var modelPath = Path.Combine(target, source.Manifest.Model);
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        File.WriteAllBytes(modelPath, model);

        var manifest = JsonNode.Parse(source.ManifestBytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        manifest["precision"] = "int8";
        // A quantized model is a different artifact: it gets its own version so a model store never confuses the two.
        if (!source.Manifest.Version.EndsWith("-int8", StringComparison.Ordinal)) manifest["version"] = source.Manifest.Version + "-int8";
        foreach (var entry in manifest["files"]!.AsArray().OfType<JsonObject>())
        {
            if ((string?)entry["path"] != source.Manifest.Model) continue;
            entry["size"] = model.LongLength;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(model));
        }

        manifest["quantization"] = quantization;
        File.WriteAllText(Path.Combine(target, ModelBundle.ManifestFileName), manifest.ToJsonString(Indented) + "\n");
        return ModelBundle.Open(target);
    }

    /// <summary>Refuses an output directory that would overwrite the FP32 model or other files, before any work is done.</summary>
    public static string CheckTarget(ModelBundle source, string outputDirectory, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var target = Path.GetFullPath(outputDirectory);
        if (string.Equals(target.TrimEnd(Path.DirectorySeparatorChar), source.Directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            throw new QuantizationException($"--out \"{outputDirectory}\" is the FP32 model's own directory; choose a new directory for the INT8 model");
        if (File.Exists(target))
            throw new QuantizationException($"--out \"{outputDirectory}\" is a file; give a directory for the INT8 model");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
            throw new QuantizationException($"--out \"{outputDirectory}\" already has files; choose an empty or new directory, or pass --force to write over it");
        return target;
    }
}
