namespace DeepSeek.Edge.Models.Manifest;

/// <summary>One file of a model package with its expected size and SHA-256 (lower-case hex).</summary>
public sealed record ManifestFile(string Path, long Size, string Sha256);
