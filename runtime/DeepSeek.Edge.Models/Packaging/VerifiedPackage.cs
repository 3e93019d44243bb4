using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Signing;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>A package whose signature, manifest and every file have been checked by <see cref="PackageVerifier"/>.</summary>
public sealed class VerifiedPackage
{
    internal VerifiedPackage(string packagePath, long packageSize, string packageSha256, ModelManifest manifest, byte[] manifestBytes,
        ManifestSignature signature, TrustedKey signedBy)
    {
        PackagePath = packagePath;
        PackageSize = packageSize;
        PackageSha256 = packageSha256;
        Manifest = manifest;
        ManifestBytes = manifestBytes;
        Signature = signature;
        SignedBy = signedBy;
    }

    public string PackagePath { get; }
    public long PackageSize { get; }

    /// <summary>SHA-256 of the package file (lower-case hex): what a chunked download checks last.</summary>
    public string PackageSha256 { get; }

    public ModelManifest Manifest { get; }

    /// <summary>The exact bytes the signature covers.</summary>
    public byte[] ManifestBytes { get; }

    public ManifestSignature Signature { get; }
    public TrustedKey SignedBy { get; }
}
