namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// A package the store refused to install. It was copied to <see cref="QuarantinePath"/> with a <c>reason.txt</c>; the
/// inner exception is the failed check (<c>SignatureException</c>, <c>ManifestException</c> or <c>ModelIntegrityException</c>).
/// </summary>
public sealed class PackageRejectedException : Exception
{
    public PackageRejectedException(string packagePath, string quarantinePath, Exception reason)
        : base($"package {packagePath} was rejected and quarantined in {quarantinePath}: {reason?.Message}", reason)
    {
        PackagePath = packagePath;
        QuarantinePath = quarantinePath;
    }

    public PackageRejectedException() : base("package rejected") { PackagePath = ""; QuarantinePath = ""; }

    public PackageRejectedException(string message) : base(message) { PackagePath = ""; QuarantinePath = ""; }

    public PackageRejectedException(string message, Exception inner) : base(message, inner) { PackagePath = ""; QuarantinePath = ""; }

    public string PackagePath { get; }
    public string QuarantinePath { get; }
}
