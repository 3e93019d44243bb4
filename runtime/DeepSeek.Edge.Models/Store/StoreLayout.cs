namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// Where things are in the model store:
/// <c>&lt;name&gt;/&lt;version&gt;/</c> (installed versions, complete or absent), <c>active/&lt;camera&gt;.json</c> (pointers),
/// <c>quarantine/</c> (rejected packages and broken versions), <c>.staging/</c> (work in progress, emptied by recovery),
/// <c>.downloads/&lt;package sha256 prefix&gt;/</c> (resumable chunked downloads) and <c>.lock</c>.
/// </summary>
public sealed class StoreLayout
{
    public const string ActiveName = "active";
    public const string QuarantineName = "quarantine";
    public const string StagingName = ".staging";
    public const string DownloadsName = ".downloads";
    public const string LockName = ".lock";

    public StoreLayout(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
    }

    public string Root { get; }
    public string ActiveDirectory => Path.Combine(Root, ActiveName);
    public string QuarantineDirectory => Path.Combine(Root, QuarantineName);
    public string StagingDirectory => Path.Combine(Root, StagingName);
    public string DownloadsDirectory => Path.Combine(Root, DownloadsName);

    /// <summary>Names a model cannot have, because the store uses them.</summary>
    public static bool IsReserved(string modelName) =>
        modelName.Equals(ActiveName, StringComparison.OrdinalIgnoreCase) || modelName.Equals(QuarantineName, StringComparison.OrdinalIgnoreCase);

    public string ModelDirectory(string name) => Path.Combine(Root, name);

    public string VersionDirectory(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(Root, model.Name, model.Version);
    }

    public string ActiveFile(string camera) => Path.Combine(ActiveDirectory, camera + ".json");

    /// <summary>The directory for a resumable download of the package with this SHA-256 (see <c>ChunkAssembler</c>).</summary>
    public string DownloadDirectory(string packageSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(packageSha256);
        if (packageSha256.Length < 16 || !packageSha256.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"\"{packageSha256}\" is not a SHA-256 in hex", nameof(packageSha256));
        return Path.Combine(DownloadsDirectory, packageSha256[..16].ToLowerInvariant());
    }

    internal string NewStagingDirectory(string purpose) => Path.Combine(StagingDirectory, $"{purpose}-{Guid.NewGuid():N}");
}
