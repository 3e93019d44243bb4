using System.Text.Json.Serialization;
using DeepSeek.Edge.Models.Naming;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// The retained offer on <c>&lt;p&gt;/models/&lt;name&gt;/&lt;version&gt;/manifest</c>: name, version, package size, SHA-256 and
/// chunking, every chunk's SHA-256 (<c>chunks</c>), and the package's exact <c>manifest.json</c> and <c>manifest.sig</c> bytes (base64).
/// </summary>
public sealed record ModelOffer(
    string Name, string Version, OfferedPackage Package, [property: JsonPropertyName("chunks")] IReadOnlyList<string> ChunkSha256,
    byte[]? Manifest = null, byte[]? Signature = null) : IDocument
{
    public static string SchemaId => Schemas.ModelOffer;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.ModelOffer;

    /// <summary>The package's chunking, checked (sizes, counts and hashes agree).</summary>
    [JsonIgnore]
    public ChunkManifest Chunks => new(Package.Size, Package.Sha256, Package.ChunkSize, ChunkSha256);

    public static ModelOffer Create(string name, string version, ChunkManifest chunks, byte[]? manifest, byte[]? signature)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return new ModelOffer(
            name, version, new OfferedPackage(chunks.PackageSize, chunks.PackageSha256, chunks.ChunkSize, chunks.ChunkCount), chunks.ChunkSha256,
            manifest, signature);
    }

    /// <summary>Reads and checks an offer; throws <see cref="FormatException"/> naming what was wrong.</summary>
    public static ModelOffer Parse(ReadOnlySpan<byte> utf8Json)
    {
        var offer = ProtocolJson.ReadDocument<ModelOffer>(utf8Json, "model offer");
        if (!SafeName.IsValid(offer.Name) || !SafeName.IsValid(offer.Version))
            throw new FormatException($"model offer: \"{offer.Name}\"/\"{offer.Version}\" is not a model name and version: {SafeName.Rule}");
        try
        {
            _ = offer.Chunks;
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"model offer: {ex.Message}", ex);
        }

        return offer;
    }
}

/// <summary>The package an offer describes: size, SHA-256, chunk size and count.</summary>
public sealed record OfferedPackage(long Size, string Sha256, int ChunkSize, int ChunkCount);
