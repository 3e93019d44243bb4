using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;
using DeepSeek.Edge.Models.Store;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>
/// Trainer side: packs a model directory into a deterministic package zip and signs packages. Entry order: <c>manifest.json</c>,
/// <c>manifest.sig</c> (when signed), then the listed files by path (ordinal). The output is written to a temporary file and renamed.
/// </summary>
public static class ModelPackager
{
    /// <summary>
    /// Packs the files listed by <paramref name="manifestPath"/> (sizes and SHA-256 filled in or corrected) into <paramref name="outPath"/>,
    /// signed with <paramref name="key"/> when one is given. <paramref name="check"/> may refuse the parsed manifest with a
    /// <see cref="ManifestException"/> before anything is written (the CLI builds its decoder, so decoder typos fail here too).
    /// </summary>
    public static PackageInfo Pack(string manifestPath, string outPath, SigningKey? key = null, Action<ModelManifest>? check = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"manifest \"{manifestPath}\" not found; give the path of a manifest.json", manifestPath);

        var (manifestBytes, manifest) = ManifestCompleter.Complete(manifestPath, cancellationToken);
        try
        {
            check?.Invoke(manifest);
        }
        catch (ManifestException ex)
        {
            throw new ManifestException(ex.JsonPath, ex.Problem, manifestPath);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var entries = new List<PackageZipEntry> { Bytes(ModelBundle.ManifestFileName, manifestBytes) };
        if (key is not null) entries.Add(Bytes(ManifestSignature.FileName, key.Sign(manifestBytes).ToJsonBytes()));
        foreach (var file in manifest.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            entries.Add(new PackageZipEntry(file.Path, (output, ct) =>
            {
                using var input = new FileStream(Path.Combine(directory, file.Path.Replace('/', Path.DirectorySeparatorChar)), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                CopyChecked(input, output, file, $"{file.Path} (changed while it was being packed; pack again)", ct);
            }));
        }

        var temp = PackageZipWriter.WriteTemporary(outPath, entries, cancellationToken);
        PackageZipWriter.Commit(temp, outPath);
        return Describe(outPath, manifest, key?.KeyId);
    }

    /// <summary>Signs a package with the private key PEM at <paramref name="privateKeyPath"/>.</summary>
    public static PackageInfo Sign(string packagePath, string privateKeyPath, CancellationToken cancellationToken = default)
    {
        using var key = SigningKey.Load(privateKeyPath);
        return Sign(packagePath, key, cancellationToken);
    }

    /// <summary>
    /// Adds or replaces <c>manifest.sig</c>, rewriting the package in canonical order. Refuses a package whose files do not match its
    /// manifest, or that holds unlisted entries, so that a signed package is always one a device will accept.
    /// </summary>
    public static PackageInfo Sign(string packagePath, SigningKey key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        ArgumentNullException.ThrowIfNull(key);
        if (!File.Exists(packagePath)) throw new FileNotFoundException($"package \"{packagePath}\" not found", packagePath);

        string temp;
        ModelManifest manifest;
        using (var zip = OpenZip(packagePath))
        {
            var entries = PackageEntryRules.Check(zip, packagePath, PackageLimits.Default);
            if (!entries.TryGetValue(ModelBundle.ManifestFileName, out var manifestEntry))
                throw new ModelIntegrityException(packagePath, $"package has no {ModelBundle.ManifestFileName}; make packages with `ds-edge model pack`");
            var manifestBytes = EntryContent.ReadSmall(manifestEntry, PackageLimits.Default.MaxManifestBytes, packagePath);
            manifest = ManifestParser.Parse(manifestBytes, $"{packagePath}!{ModelBundle.ManifestFileName}",
                labels => entries.TryGetValue(labels, out var e)
                    ? System.Text.Encoding.UTF8.GetString(EntryContent.ReadSmall(e, PackageLimits.Default.MaxManifestBytes, packagePath)).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()
                    : throw new ModelIntegrityException(labels, $"is named by $.labels but missing from package {packagePath}"));

            var listed = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var unlisted = entries.Keys.FirstOrDefault(n => n is not (ModelBundle.ManifestFileName or ManifestSignature.FileName) && !listed.Contains(n));
            if (unlisted is not null)
                throw new ModelIntegrityException(unlisted, $"is in package {packagePath} but not listed in its manifest; re-pack it with `ds-edge model pack`");

            var output = new List<PackageZipEntry>
            {
                Bytes(ModelBundle.ManifestFileName, manifestBytes),
                Bytes(ManifestSignature.FileName, key.Sign(manifestBytes).ToJsonBytes()),
            };
            foreach (var file in manifest.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var entry = entries.GetValueOrDefault(file.Path)
                    ?? throw new ModelIntegrityException(file.Path, $"is listed in the manifest but missing from package {packagePath}; re-pack it");
                output.Add(new PackageZipEntry(file.Path, (destination, ct) => EntryContent.CopyChecked(entry, file, destination, packagePath, ct)));
            }

            temp = PackageZipWriter.WriteTemporary(packagePath, output, cancellationToken);
        }

        PackageZipWriter.Commit(temp, packagePath);
        return Describe(packagePath, manifest, key.KeyId);
    }

    private static PackageZipEntry Bytes(string name, byte[] content) => new(name, (output, _) => output.Write(content));

    private static void CopyChecked(Stream input, Stream output, ManifestFile file, string what, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            long total = 0;
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, n);
                output.Write(buffer, 0, n);
                total += n;
            }

            if (total != file.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != file.Sha256)
                throw new IOException(what);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static PackageInfo Describe(string path, ModelManifest manifest, string? keyId)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new PackageInfo(Path.GetFullPath(path), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)), manifest, keyId);
    }

    private static ZipArchive OpenZip(string packagePath)
    {
        try
        {
            return ZipFile.OpenRead(packagePath);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelIntegrityException(packagePath, $"is not a readable zip package ({ex.Message}); re-pack it");
        }
    }
}
