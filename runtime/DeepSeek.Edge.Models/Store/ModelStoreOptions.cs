using DeepSeek.Edge.Models.Packaging;

namespace DeepSeek.Edge.Models.Store;

/// <summary>Retention and limits of the on-device model store.</summary>
public sealed class ModelStoreOptions
{
    public const string DefaultRoot = "/var/lib/deepseek-edge/models";

    /// <summary>Per model name, how many versions no camera points at (as active or previous) are kept, newest first.</summary>
    public int KeepPreviousVersions { get; init; } = 2;

    /// <summary>How many quarantine entries are kept, newest first.</summary>
    public int KeepQuarantined { get; init; } = 5;

    /// <summary>The quarantine's bytes on disk: older entries go first; a rejected package larger than this is not copied there (only its reason).</summary>
    public long MaxQuarantineBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Quarantine entries older than this are removed by garbage collection.</summary>
    public TimeSpan QuarantineRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The downloads' bytes on disk (partial and finished packages not yet staged): older ones go first, but the newest one is
    /// kept whatever its size, so the download tried last still resumes.
    /// </summary>
    public long MaxDownloadBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Download directories untouched for this long are removed by garbage collection.</summary>
    public TimeSpan DownloadRetention { get; init; } = TimeSpan.FromDays(7);

    public PackageLimits Limits { get; init; } = PackageLimits.Default;

    internal void Validate()
    {
        if (KeepPreviousVersions < 0) throw new ArgumentOutOfRangeException(nameof(KeepPreviousVersions), KeepPreviousVersions, "must be 0 or more");
        if (KeepQuarantined < 0) throw new ArgumentOutOfRangeException(nameof(KeepQuarantined), KeepQuarantined, "must be 0 or more");
        if (MaxQuarantineBytes < 0) throw new ArgumentOutOfRangeException(nameof(MaxQuarantineBytes), MaxQuarantineBytes, "must be 0 or more");
        if (QuarantineRetention <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(QuarantineRetention), QuarantineRetention, "must be positive");
        if (MaxDownloadBytes < 0) throw new ArgumentOutOfRangeException(nameof(MaxDownloadBytes), MaxDownloadBytes, "must be 0 or more");
        if (DownloadRetention <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DownloadRetention), DownloadRetention, "must be positive");
        ArgumentNullException.ThrowIfNull(Limits);
    }
}
