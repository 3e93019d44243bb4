using System.IO.Compression;
using System.Text.Json;
using DeepSeek.Edge.Models.Packaging.Chunks;
using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Distribution;

/// <summary>
/// The retained offer on <c>&lt;p&gt;/models/&lt;name&gt;/&lt;version&gt;/manifest</c> (<c>deepseek-edge/model-offer/v1</c>): name, version,
/// package size, SHA-256 and chunking, every chunk's SHA-256, and the package's exact <c>manifest.json</c> and <c>manifest.sig</c> bytes.
/// </summary>
public sealed class PublishOffer
{
    private PublishOffer(string name, string version, byte[] manifestBytes, byte[]? signatureBytes, ChunkManifest chunks)
    {
        Name = name;
        Version = version;
        ManifestBytes = manifestBytes;
        SignatureBytes = signatureBytes;
        Chunks = chunks;
    }

    public string Name { get; }
    public string Version { get; }
    public byte[] ManifestBytes { get; }
    public byte[]? SignatureBytes { get; }
    public ChunkManifest Chunks { get; }

    /// <summary>Reads the package's manifest (name and version) and signature, and describes it as chunks.</summary>
    public static PublishOffer Describe(string packagePath, int chunkSize, CancellationToken cancellationToken)
    {
        if (!File.Exists(packagePath)) throw new FileNotFoundException($"package \"{packagePath}\" not found", packagePath);
        byte[] manifestBytes;
        byte[]? signatureBytes;
        try
        {
            using var zip = ZipFile.OpenRead(packagePath);
            manifestBytes = ReadEntry(zip, "manifest.json")
                ?? throw new ArgumentException($"{packagePath} has no manifest.json; build it with ds-edge model pack");
            signatureBytes = ReadEntry(zip, "manifest.sig");
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException($"{packagePath} is not a zip package ({ex.Message})", ex);
        }

        string name, version;
        try
        {
            using var doc = JsonDocument.Parse(manifestBytes);
            name = doc.RootElement.GetProperty("name").GetString() ?? throw new KeyNotFoundException("name");
            version = doc.RootElement.GetProperty("version").GetString() ?? throw new KeyNotFoundException("version");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"{packagePath}: manifest.json has no readable name and version ({ex.Message})", ex);
        }

        var chunks = PackageChunker.Describe(packagePath, chunkSize, cancellationToken);
        return new PublishOffer(name, version, manifestBytes, signatureBytes, chunks);
    }

    /// <summary>The retained offer document for this package.</summary>
    public ModelOffer ToDocument() => ModelOffer.Create(Name, Version, Chunks, ManifestBytes, SignatureBytes);

    private static byte[]? ReadEntry(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        if (entry is null) return null;
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
