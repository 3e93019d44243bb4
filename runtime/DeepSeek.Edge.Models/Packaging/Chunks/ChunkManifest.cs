using DeepSeek.Edge.Models.Naming;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Models.Packaging.Chunks;

/// <summary>
/// How a package is cut for transfer: its size and SHA-256, the chunk size (all chunks but the last are exactly this long)
/// and each chunk's SHA-256. JSON: <c>{"schema":"deepseek-edge/chunks/v1","package":{"size":…,"sha256":"…"},"chunk_size":…,"chunks":["…",…]}</c>.
/// </summary>
public sealed partial class ChunkManifest
{
    public const string SchemaV1 = "deepseek-edge/chunks/v1";
    public const int MinChunkSize = 4 * 1024;
    public const int MaxChunkSize = 64 * 1024 * 1024;

    public ChunkManifest(long packageSize, string packageSha256, int chunkSize, IReadOnlyList<string> chunkSha256)
    {
        ArgumentNullException.ThrowIfNull(packageSha256);
        ArgumentNullException.ThrowIfNull(chunkSha256);
        if (packageSize <= 0) throw new ArgumentOutOfRangeException(nameof(packageSize), packageSize, "a package has at least one byte");
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, $"chunk size must be between {MinChunkSize} and {MaxChunkSize} bytes");
        var expected = (packageSize + chunkSize - 1) / chunkSize;
        if (chunkSha256.Count != expected)
            throw new ArgumentException($"a {packageSize}-byte package in {chunkSize}-byte chunks has {expected} chunks, not {chunkSha256.Count}", nameof(chunkSha256));
        if (!Sha256Text.IsValid(packageSha256)) throw new ArgumentException($"package sha256 \"{packageSha256}\" is not 64 hex digits", nameof(packageSha256));
        for (var i = 0; i < chunkSha256.Count; i++)
        {
            if (chunkSha256[i] is not { } h || !Sha256Text.IsValid(h))
                throw new ArgumentException($"chunk {i} sha256 \"{chunkSha256[i]}\" is not 64 hex digits", nameof(chunkSha256));
        }

        PackageSize = packageSize;
        PackageSha256 = packageSha256.ToLowerInvariant();
        ChunkSize = chunkSize;
        ChunkSha256 = chunkSha256.Select(h => h.ToLowerInvariant()).ToArray();
    }

    public long PackageSize { get; }
    public string PackageSha256 { get; }
    public int ChunkSize { get; }
    public IReadOnlyList<string> ChunkSha256 { get; }
    public int ChunkCount => ChunkSha256.Count;

    public long OffsetOf(int index) => (long)CheckIndex(index) * ChunkSize;

    public int LengthOf(int index) => (int)Math.Min(ChunkSize, PackageSize - OffsetOf(index));

    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaV1);
            json.WriteStartObject("package");
            json.WriteNumber("size", PackageSize);
            json.WriteString("sha256", PackageSha256);
            json.WriteEndObject();
            json.WriteNumber("chunk_size", ChunkSize);
            json.WriteNumber("chunk_count", ChunkCount);
            json.WriteStartArray("chunks");
            foreach (var h in ChunkSha256) json.WriteStringValue(h);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a chunk manifest; errors name <paramref name="source"/> and the field.</summary>
    public static ChunkManifest Parse(ReadOnlySpan<byte> utf8Json, string source = "chunk manifest")
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            var root = doc.RootElement;
            var schema = root.GetProperty("schema").GetString();
            if (schema != SchemaV1) throw new FormatException($"{source}: schema is \"{schema}\"; this runtime reads \"{SchemaV1}\"");
            var package = root.GetProperty("package");
            var chunks = root.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToArray();
            return new ChunkManifest(package.GetProperty("size").GetInt64(), package.GetProperty("sha256").GetString()!, root.GetProperty("chunk_size").GetInt32(), chunks);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{source}: not a valid {SchemaV1} document ({ex.Message})", ex);
        }
    }

    private int CheckIndex(int index) =>
        index >= 0 && index < ChunkCount ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"chunk index must be 0..{ChunkCount - 1}");

}
