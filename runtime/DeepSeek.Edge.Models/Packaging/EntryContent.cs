using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>Reads a package entry, never past the size it is allowed, checking it against its manifest entry while copying it.</summary>
internal static class EntryContent
{
    private const int BufferBytes = 1024 * 1024;

    /// <summary>The whole entry, when it is at most <paramref name="maxBytes"/> long.</summary>
    public static byte[] ReadSmall(ZipArchiveEntry entry, int maxBytes, string packagePath)
    {
        if (entry.Length > maxBytes)
            throw new ModelIntegrityException(entry.FullName, $"is {entry.Length} bytes in package {packagePath}, over the {maxBytes}-byte limit for this file");
        using var buffer = new MemoryStream((int)entry.Length);
        Copy(entry, buffer, maxBytes, packagePath, CancellationToken.None, null);
        return buffer.ToArray();
    }

    /// <summary>
    /// Streams the entry into <paramref name="destination"/> (may be <see cref="Stream.Null"/>), failing with the file's name when its size
    /// or SHA-256 differ from <paramref name="file"/>. Returns the SHA-256 (lower-case hex).
    /// </summary>
    public static string CopyChecked(ZipArchiveEntry entry, ManifestFile file, Stream destination, string packagePath, CancellationToken cancellationToken)
    {
        if (entry.Length != file.Size)
            throw new ModelIntegrityException(file.Path, $"is {entry.Length} bytes in package {packagePath}; the manifest says {file.Size}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var read = Copy(entry, destination, file.Size, packagePath, cancellationToken, hash);
        if (read != file.Size)
            throw new ModelIntegrityException(file.Path, $"holds {read} bytes in package {packagePath}; the manifest says {file.Size}");
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != file.Sha256)
            throw new ModelIntegrityException(file.Path, $"has SHA-256 {actual} in package {packagePath}; the manifest expects {file.Sha256}");
        return actual;
    }

    private static long Copy(ZipArchiveEntry entry, Stream destination, long maxBytes, string packagePath, CancellationToken cancellationToken, IncrementalHash? hash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var input = entry.Open();
            long total = 0;
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += n;
                if (total > maxBytes)
                    throw new ModelIntegrityException(entry.FullName, $"unpacks to more than the {maxBytes} bytes allowed for it in package {packagePath}; the zip lies about its size");
                hash?.AppendData(buffer, 0, n);
                destination.Write(buffer, 0, n);
            }

            return total;
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(entry.FullName, $"cannot be read from package {packagePath} ({ex.Message}); the package is corrupt: download it again");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
