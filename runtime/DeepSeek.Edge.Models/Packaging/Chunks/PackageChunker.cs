using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Packaging.Chunks;

/// <summary>Sender side: describes a package as fixed-size chunks with their SHA-256 (one pass), and reads chunk <c>n</c> back.</summary>
public static class PackageChunker
{
    public const int DefaultChunkSize = 256 * 1024;

    public static ChunkManifest Describe(string packagePath, int chunkSize = DefaultChunkSize, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        if (chunkSize is < ChunkManifest.MinChunkSize or > ChunkManifest.MaxChunkSize)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, $"chunk size must be between {ChunkManifest.MinChunkSize} and {ChunkManifest.MaxChunkSize} bytes");

        using var handle = File.OpenHandle(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var size = RandomAccess.GetLength(handle);
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[chunkSize];
        var chunks = new List<string>();
        for (long offset = 0; offset < size; offset += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = buffer.AsSpan(0, (int)Math.Min(chunkSize, size - offset));
            ReadExactly(handle, chunk, offset, packagePath);
            whole.AppendData(chunk);
            chunks.Add(Convert.ToHexStringLower(SHA256.HashData(chunk)));
        }

        return new ChunkManifest(size, Convert.ToHexStringLower(whole.GetHashAndReset()), chunkSize, chunks);
    }

    /// <summary>Reads chunk <paramref name="index"/> of the package into <paramref name="destination"/>; returns its length.</summary>
    public static int ReadChunk(string packagePath, ChunkManifest manifest, int index, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var handle = File.OpenHandle(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (RandomAccess.GetLength(handle) != manifest.PackageSize)
            throw new IOException($"{packagePath} is {RandomAccess.GetLength(handle)} bytes but its chunk manifest says {manifest.PackageSize}; describe the package again");
        var length = manifest.LengthOf(index);
        ReadExactly(handle, destination[..length], manifest.OffsetOf(index), packagePath);
        return length;
    }

    public static byte[] ReadChunk(string packagePath, ChunkManifest manifest, int index)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var chunk = new byte[manifest.LengthOf(index)];
        ReadChunk(packagePath, manifest, index, chunk);
        return chunk;
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(handle, destination, offset);
            if (n == 0) throw new EndOfStreamException($"{path} ended at byte {offset}; it changed while being read");
            destination = destination[n..];
            offset += n;
        }
    }
}
