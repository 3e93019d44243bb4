using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Models.Packaging;

/// <summary>A package written by <see cref="ModelPackager"/>: where it is, its size and digest, and the signing key (if signed).</summary>
public sealed record PackageInfo(string Path, long Size, string Sha256, ModelManifest Manifest, string? KeyId);
