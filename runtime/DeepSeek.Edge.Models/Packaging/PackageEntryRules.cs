using System.IO.Compression;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>
/// Structural checks on a package's zip entries, made before any entry is read: names confined to the package, regular
/// files only (no links, devices or pipes), no duplicates, sizes and compression ratios within <see cref="PackageLimits"/>.
/// </summary>
internal static class PackageEntryRules
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int MaxNameLength = 512;

    /// <summary>Returns the file entries by name (directory entries are checked, then left out).</summary>
    public static Dictionary<string, ZipArchiveEntry> Check(ZipArchive zip, string packagePath, PackageLimits limits)
    {
        try
        {
            return CheckEntries(zip, packagePath, limits);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(packagePath, $"is not a readable zip package ({ex.Message}); its directory of entries is corrupt: download or re-pack it");
        }
    }

    private static Dictionary<string, ZipArchiveEntry> CheckEntries(ZipArchive zip, string packagePath, PackageLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
            throw new ModelIntegrityException(packagePath, $"package has {zip.Entries.Count} entries, over the limit of {limits.MaxEntries}; a model package holds a handful of files");

        var files = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var folded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            CheckName(name, packagePath);
            var isDirectory = name.EndsWith('/');
            var type = (int)((uint)entry.ExternalAttributes >> 16) & TypeMask;
            if (type is not (0 or RegularFile or DirectoryType))
                throw new ModelIntegrityException(name, $"is a {TypeName(type)} entry in package {packagePath}; only regular files are allowed, so the package is refused");
            if (entry.IsEncrypted)
                throw new ModelIntegrityException(name, $"is encrypted in package {packagePath}; packages are signed, not encrypted: re-pack it with `ds-edge model pack`");
            if (type == DirectoryType && !isDirectory)
                throw new ModelIntegrityException(name, $"is marked as a directory but its name has no trailing '/' in package {packagePath}; re-pack it");
            if (isDirectory)
            {
                if (entry.Length != 0) throw new ModelIntegrityException(name, $"is a directory entry with {entry.Length} bytes of data in package {packagePath}; re-pack it");
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
                throw new ModelIntegrityException(name, $"is {entry.Length} bytes uncompressed, over the {limits.MaxEntryBytes}-byte limit per file (PackageLimits.MaxEntryBytes)");
            total += entry.Length;
            if (total > limits.MaxUnpackedBytes)
                throw new ModelIntegrityException(packagePath, $"package unpacks to more than {limits.MaxUnpackedBytes} bytes (PackageLimits.MaxUnpackedBytes); it is refused before unpacking");
            if (entry.Length > limits.CompressionRatioFloorBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * limits.MaxCompressionRatio)
            {
                throw new ModelIntegrityException(name,
                    $"expands from {entry.CompressedLength} to {entry.Length} bytes (over {limits.MaxCompressionRatio}x, PackageLimits.MaxCompressionRatio) in package {packagePath}: refused as a likely zip bomb");
            }

            if (!files.TryAdd(name, entry))
                throw new ModelIntegrityException(name, $"appears twice in package {packagePath}; re-pack it");
            if (!folded.Add(name))
                throw new ModelIntegrityException(name, $"differs only in letter case from another entry of package {packagePath}; re-pack it with distinct names");
        }

        return files;
    }

    private static void CheckName(string name, string packagePath)
    {
        var path = name.EndsWith('/') ? name[..^1] : name;
        var bad = name.Length == 0 || name.Length > MaxNameLength || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains(':', StringComparison.Ordinal) || name.Any(c => c < 0x20 || c == 0x7F)
            || path.Split('/').Any(s => s is "" or "." or "..");
        if (bad)
        {
            throw new ModelIntegrityException(name,
                $"package entry escapes the package directory or is not a plain relative path (absolute, '..' or '.' segment, backslash, drive letter or control character); {packagePath} is refused");
        }
    }

    private static string TypeName(int type) => type switch
    {
        0xA000 => "symbolic link",
        0xC000 => "socket",
        0x6000 => "block device",
        0x2000 => "character device",
        0x1000 => "named pipe",
        _ => $"file type 0x{type:X4}",
    };
}
