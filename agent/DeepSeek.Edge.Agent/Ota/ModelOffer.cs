using System.Text.Json;
using DeepSeek.Edge.Models.Packaging.Chunks;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>The device's reading of a <c>deepseek-edge/model-offer/v1</c> message: name, version and the package's chunking.</summary>
public sealed record ModelOffer(string Name, string Version, ChunkManifest Chunks)
{
    public const string SchemaV1 = "deepseek-edge/model-offer/v1";

    public static ModelOffer Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            var root = doc.RootElement;
            var schema = root.GetProperty("schema").GetString();
            if (schema != SchemaV1) throw new FormatException($"model offer: schema is \"{schema}\"; this agent reads \"{SchemaV1}\"");
            var package = root.GetProperty("package");
            var chunks = new ChunkManifest(
                package.GetProperty("size").GetInt64(), package.GetProperty("sha256").GetString()!,
                package.GetProperty("chunk_size").GetInt32(), root.GetProperty("chunks").EnumerateArray().Select(h => h.GetString()!).ToArray());
            return new ModelOffer(root.GetProperty("name").GetString()!, root.GetProperty("version").GetString()!, chunks);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"model offer: not a valid {SchemaV1} document ({ex.Message})", ex);
        }
    }
}
