using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>
/// Fills in <c>files[].size</c> and <c>files[].sha256</c> of a trainer's manifest from the files next to it (missing or stale
/// values are replaced), then checks the result against contract 1. Without <c>files</c>, the model and a labels file are listed.
/// </summary>
internal static class ManifestCompleter
{
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (byte[] Bytes, ModelManifest Manifest) Complete(string manifestPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(manifestPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new ManifestException("$", "is not a JSON object", manifestPath);
        }
        catch (JsonException ex)
        {
            throw new ManifestException($"$ (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", $"is not valid JSON: {ex.Message}", manifestPath);
        }

        if (root["files"] is null) root["files"] = DefaultFiles(root, manifestPath);
        if (root["files"] is not JsonArray files) throw new ManifestException("$.files", "is not an array of {\"path\": ...} objects", manifestPath);

        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = $"$.files[{i}]";
            if (files[i] is not JsonObject file) throw new ManifestException(at, "is not an object; give {\"path\": \"model.onnx\"}", manifestPath);
            var path = file["path"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ManifestException($"{at}.path", "is required: the file's path relative to the manifest", manifestPath);
            if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(p => p is "" or "." or ".."))
                throw new ManifestException($"{at}.path", $"is \"{path}\"; a package path must be relative, with '/' separators and no '.' or '..' segments", manifestPath);
            if (path is ModelBundle.ManifestFileName or ManifestSignature.FileName)
                throw new ManifestException($"{at}.path", $"is \"{path}\", a name reserved for the package itself; rename that file", manifestPath);

            var full = Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(full))
                throw new ManifestException($"{at}.path", $"is \"{path}\" but {full} does not exist; put the file next to the manifest or fix the path", manifestPath);
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            file["size"] = stream.Length;
            file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString(Output) + "\n");
        var manifest = ManifestParser.Parse(bytes, manifestPath,
            labels => File.ReadAllLines(Path.Combine(directory, labels)).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray());
        return (bytes, manifest);
    }

    private static JsonArray DefaultFiles(JsonObject root, string manifestPath)
    {
        var model = root["model"] is JsonValue m && m.TryGetValue<string>(out var path) ? path
            : throw new ManifestException("$.model", "is required: the path of the ONNX file (and $.files is missing too)", manifestPath);
        var files = new JsonArray(new JsonObject { ["path"] = model });
        if (root["labels"] is JsonValue l && l.TryGetValue<string>(out var labels) && labels != model) files.Add(new JsonObject { ["path"] = labels });
        return files;
    }
}
