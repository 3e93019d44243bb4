using System.IO.Compression;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>
/// Writes a package zip deterministically (the given entry order, one fixed timestamp, fixed attributes, one compression
/// level) into a temporary file next to the target, forced to disk, then renamed over the target.
/// </summary>
internal static class PackageZipWriter
{
    /// <summary>Every entry's modification time, so the same inputs give the same bytes.</summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Unix mode in the high 16 bits: a regular file, rw-r--r--.</summary>
    private const int RegularFileAttributes = unchecked((int)(0x81A4u << 16));

    /// <summary>Writes the zip to a temporary path next to <paramref name="outPath"/>; <see cref="Commit"/> puts it in place.</summary>
    public static string WriteTemporary(string outPath, IEnumerable<PackageZipEntry> entries, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(outPath);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{DurableFiles.TempSuffix}");
        try
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var e in entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var entry = zip.CreateEntry(e.Name, CompressionLevel.Optimal);
                    entry.LastWriteTime = EntryTime;
                    entry.ExternalAttributes = RegularFileAttributes;
                    using var content = entry.Open();
                    e.WriteTo(content, cancellationToken);
                }
            }

            file.Flush(flushToDisk: true);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Renames the temporary zip over <paramref name="outPath"/> and forces the directory entry to disk.</summary>
    public static void Commit(string temp, string outPath)
    {
        var full = Path.GetFullPath(outPath);
        File.Move(temp, full, overwrite: true);
        DurableFiles.FsyncDirectory(Path.GetDirectoryName(full)!);
    }
}
