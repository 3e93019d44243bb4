using System.Security.Cryptography;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// A model directory (manifest.json, the ONNX file, optional labels.txt) whose files have been checked
/// against the manifest's sizes and SHA-256 digests. Opening one never trusts what is on disk.
/// </summary>
public sealed class ModelBundle
{
    public const string ManifestFileName = "manifest.json";

    private ModelBundle(string directory, ModelManifest manifest, byte[] manifestBytes, string modelSha256, ManifestSignature? signature)
    {
        Directory = directory;
        Manifest = manifest;
        ManifestBytes = manifestBytes;
        ModelSha256 = modelSha256;
        Signature = signature;
    }

    public string Directory { get; }
    public ModelManifest Manifest { get; }

    /// <summary>The exact manifest bytes (what a package signature covers).</summary>
    public byte[] ManifestBytes { get; }

    /// <summary>Verified SHA-256 of the ONNX file: part of every cache key derived from the model.</summary>
    public string ModelSha256 { get; }

    /// <summary>The checked signature when the bundle was opened with <see cref="OpenVerified"/>; null otherwise.</summary>
    public ManifestSignature? Signature { get; }

    public string ModelPath => PathOf(Manifest.Model);

    public string PathOf(string packagePath) => Path.Combine(Directory, packagePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Opens a model directory, or a package (.zip) which is unpacked first under <paramref name="unpackRoot"/>.</summary>
    public static ModelBundle Open(string path, string? unpackRoot = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            return OpenDirectory(ModelPackageReader.Unpack(path, unpackRoot ?? Path.Combine(Path.GetTempPath(), "ds-edge", "packages")));
        if (System.IO.Directory.Exists(path)) return OpenDirectory(path);
        if (File.Exists(path) && Path.GetFileName(path) == ManifestFileName) return OpenDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        throw new FileNotFoundException($"model \"{path}\" not found: give a model directory (with {ManifestFileName}) or a package .zip", path);
    }

    /// <summary>
    /// Opens an installed model directory only if <c>manifest.sig</c> is a trusted key's signature over the exact <c>manifest.json</c>
    /// bytes and every listed file matches: the check the model store makes at every load, not only after a download.
    /// Throws <see cref="SignatureException"/>, <see cref="ManifestException"/> or <see cref="ModelIntegrityException"/>.
    /// </summary>
    public static ModelBundle OpenVerified(string directory, TrustedKeys trustedKeys)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"model directory \"{directory}\" not found");
        return OpenDirectory(directory, trustedKeys);
    }

    private static ModelBundle OpenDirectory(string directory, TrustedKeys? trustedKeys = null)
    {
        directory = Path.GetFullPath(directory);
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"model directory \"{directory}\" has no {ManifestFileName}", manifestPath);

        var bytes = File.ReadAllBytes(manifestPath);
        ManifestSignature? signature = null;
        if (trustedKeys is not null)
        {
            var signaturePath = Path.Combine(directory, ManifestSignature.FileName);
            if (!File.Exists(signaturePath))
                throw new SignatureException(directory, $"has no {ManifestSignature.FileName}: the model is unsigned; install it from a signed package");
            if (new FileInfo(signaturePath).Length > ManifestSignature.MaxFileBytes)
                throw new SignatureException(directory, $"{ManifestSignature.FileName} is over {ManifestSignature.MaxFileBytes} bytes; it is not a signature file");
            signature = ManifestSignature.Parse(File.ReadAllBytes(signaturePath), directory);
            trustedKeys.Verify(bytes, signature, directory);
        }

        var manifest = ManifestParser.Parse(bytes, manifestPath, labelsPath =>
            File.ReadAllLines(Path.Combine(directory, labelsPath)).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray());

        string? modelSha = null;
        foreach (var file in manifest.Files)
        {
            var actual = Verify(directory, file);
            if (file.Path == manifest.Model) modelSha = actual;
        }

        return new ModelBundle(directory, manifest, bytes, modelSha!, signature);
    }

    private static string Verify(string directory, ManifestFile file)
    {
        var full = Path.Combine(directory, file.Path);
        var info = new FileInfo(full);
        if (!info.Exists)
            throw new ModelIntegrityException(file.Path, $"is listed in the manifest but missing from {directory}");
        if (info.Length != file.Size)
            throw new ModelIntegrityException(file.Path, $"is {info.Length} bytes; the manifest says {file.Size}");

        using var stream = info.OpenRead();
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != file.Sha256)
            throw new ModelIntegrityException(file.Path, $"has SHA-256 {actual}; the manifest expects {file.Sha256}");
        return actual;
    }
}
