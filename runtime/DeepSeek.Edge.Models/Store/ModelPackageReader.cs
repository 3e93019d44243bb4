using System.IO.Compression;
using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Store;

/// <summary>Unpacks a model package zip into a directory named by the package's own digest, refusing entries that escape it.</summary>
public static class ModelPackageReader
{
    /// <summary>Entries larger than this are refused (a zip bomb guard); the largest real models are well below.</summary>
    public const long MaxEntryBytes = 4L * 1024 * 1024 * 1024;

    public static string Unpack(string packagePath, string unpackRoot)
    {
        string digest;
        using (var stream = File.OpenRead(packagePath))
            digest = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];

        var target = Path.GetFullPath(Path.Combine(unpackRoot, digest));
        if (File.Exists(Path.Combine(target, ModelBundle.ManifestFileName))) return target;

        var staging = target + ".partial-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            using var zip = OpenZip(packagePath);
            foreach (var entry in zip.Entries)
            {
                var destination = Path.GetFullPath(Path.Combine(staging, entry.FullName));
                if (!destination.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new ModelIntegrityException(entry.FullName, $"package entry escapes the package directory; {packagePath} is refused");
                if (entry.Length > MaxEntryBytes)
                    throw new ModelIntegrityException(entry.FullName, $"package entry is {entry.Length} bytes, over the {MaxEntryBytes}-byte limit");
                if (entry.FullName.EndsWith('/')) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                entry.ExtractToFile(destination, overwrite: false);
            }

            Directory.CreateDirectory(unpackRoot);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
            return target;
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static ZipArchive OpenZip(string packagePath)
    {
        try
        {
            return ZipFile.OpenRead(packagePath);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(packagePath, $"is not a readable zip package ({ex.Message}); re-download or re-pack it");
        }
    }
}
