using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>
/// Checks a package before anything in it is used, in this order: package size; zip readable; every entry confined to the
/// package, a regular file, within size and compression limits; <c>manifest.sig</c> by a trusted key over the exact
/// <c>manifest.json</c> bytes; the manifest against contract 1; the entries are exactly the listed files; every file's size
/// and SHA-256. Failures throw <see cref="ModelIntegrityException"/>, <see cref="SignatureException"/> or <see cref="ManifestException"/>.
/// </summary>
public sealed class PackageVerifier
{
    private readonly TrustedKeys _keys;
    private readonly PackageLimits _limits;

    public PackageVerifier(TrustedKeys keys, PackageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _limits = limits ?? PackageLimits.Default;
    }

    public VerifiedPackage Verify(string packagePath, CancellationToken cancellationToken = default) =>
        Run(packagePath, null, cancellationToken);

    /// <summary>
    /// Verifies and, in the same pass, writes <c>manifest.json</c>, <c>manifest.sig</c> and every listed file into
    /// <paramref name="directory"/> (which must not exist yet), forced to disk. On failure the directory may hold part of
    /// the files: the caller deletes it.
    /// </summary>
    public VerifiedPackage VerifyAndExtract(string packagePath, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (Directory.Exists(directory) || File.Exists(directory))
            throw new IOException($"{directory} already exists; a package is unpacked only into a new directory");
        return Run(packagePath, Path.GetFullPath(directory), cancellationToken);
    }

    private VerifiedPackage Run(string packagePath, string? extractTo, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        var info = new FileInfo(packagePath);
        if (!info.Exists) throw new FileNotFoundException($"package \"{packagePath}\" not found", packagePath);
        if (info.Length > _limits.MaxPackageBytes)
            throw new ModelIntegrityException(packagePath, $"package is {info.Length} bytes, over the {_limits.MaxPackageBytes}-byte limit (PackageLimits.MaxPackageBytes); it is refused unopened");

        using var stream = new FileStream(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var packageSha = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        using var zip = OpenZip(stream, packagePath);
        var entries = PackageEntryRules.Check(zip, packagePath, _limits);

        if (!entries.TryGetValue(ModelBundle.ManifestFileName, out var manifestEntry))
            throw new ModelIntegrityException(packagePath, $"package has no {ModelBundle.ManifestFileName} at its root: it is not a model package (make one with `ds-edge model pack`)");
        if (!entries.TryGetValue(ManifestSignature.FileName, out var signatureEntry))
            throw new SignatureException(packagePath, $"has no {ManifestSignature.FileName}: the package is unsigned; sign it with `ds-edge model sign --key private.pem {packagePath}`");

        var manifestBytes = EntryContent.ReadSmall(manifestEntry, _limits.MaxManifestBytes, packagePath);
        var signatureBytes = EntryContent.ReadSmall(signatureEntry, ManifestSignature.MaxFileBytes, packagePath);
        var signature = ManifestSignature.Parse(signatureBytes, packagePath);
        var signedBy = _keys.Verify(manifestBytes, signature, packagePath);

        var manifest = ManifestParser.Parse(manifestBytes, $"{packagePath}!{ModelBundle.ManifestFileName}",
            labelsPath => ReadLabels(entries, labelsPath, packagePath));
        CheckEntrySet(manifest, entries, packagePath);

        if (extractTo is not null)
        {
            Directory.CreateDirectory(extractTo);
            DurableFiles.WriteNewFile(Path.Combine(extractTo, ModelBundle.ManifestFileName), manifestBytes);
            DurableFiles.WriteNewFile(Path.Combine(extractTo, ManifestSignature.FileName), signatureBytes);
        }

        foreach (var file in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = entries[file.Path];
            if (extractTo is null)
            {
                EntryContent.CopyChecked(entry, file, Stream.Null, packagePath, cancellationToken);
                continue;
            }

            var destination = Path.Combine(extractTo, file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            EntryContent.CopyChecked(entry, file, output, packagePath, cancellationToken);
            output.Flush(flushToDisk: true);
        }

        if (extractTo is not null) DurableFiles.FsyncTree(extractTo);
        return new VerifiedPackage(Path.GetFullPath(packagePath), info.Length, packageSha, manifest, manifestBytes, signature, signedBy);
    }

    private static void CheckEntrySet(ModelManifest manifest, Dictionary<string, ZipArchiveEntry> entries, string packagePath)
    {
        foreach (var file in manifest.Files)
        {
            if (file.Path is ModelBundle.ManifestFileName or ManifestSignature.FileName)
                throw new ManifestException("$.files", $"lists \"{file.Path}\", a name reserved for the package itself; rename that file", packagePath);
            if (!entries.ContainsKey(file.Path))
                throw new ModelIntegrityException(file.Path, $"is listed in the manifest but missing from package {packagePath}");
        }

        var listed = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var unlisted = entries.Keys.FirstOrDefault(n => n is not (ModelBundle.ManifestFileName or ManifestSignature.FileName) && !listed.Contains(n));
        if (unlisted is not null)
        {
            throw new ModelIntegrityException(unlisted,
                $"is in package {packagePath} but not listed in its manifest; unlisted files are refused: list it in $.files and re-pack and re-sign, or remove it");
        }
    }

    private string[] ReadLabels(Dictionary<string, ZipArchiveEntry> entries, string labelsPath, string packagePath)
    {
        if (!entries.TryGetValue(labelsPath, out var entry))
            throw new ModelIntegrityException(labelsPath, $"is named by $.labels but missing from package {packagePath}");
        var text = Encoding.UTF8.GetString(EntryContent.ReadSmall(entry, _limits.MaxManifestBytes, packagePath));
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    private static ZipArchive OpenZip(Stream stream, string packagePath)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(packagePath, $"is not a readable zip package ({ex.Message}); it is truncated or corrupt: download or re-pack it");
        }
    }
}
