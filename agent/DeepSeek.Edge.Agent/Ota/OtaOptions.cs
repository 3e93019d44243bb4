using DeepSeek.Edge.Agent.Hosting;

namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// The <c>Ota</c> configuration section (see docs/operations.md). Without <see cref="TrustedKeys"/> over-the-air updates are off.
/// Paths are relative to the configuration file's directory.
/// </summary>
public sealed class OtaOptions : ISelfValidatingOptions
{
    public const string SectionName = "Ota";

    /// <summary>Public key PEM files or directories of them; a package must be signed by one of these keys. Several keys allow rotation.</summary>
    public List<string> TrustedKeys { get; set; } = [];

    /// <summary>The device's groups: it follows their desired state where its own document names no model for a camera.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>The model store; default <c>&lt;Agent:DataDirectory&gt;/models</c>.</summary>
    public string? StoreDirectory { get; set; }

    /// <summary>Versions of a model kept in the store beyond those cameras use (for <c>rollback</c>).</summary>
    public int KeepPreviousVersions { get; set; } = 2;

    /// <summary>How long a new model is watched after the swap before it is committed; zero commits at once.</summary>
    public TimeSpan HealthWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the old model's frame and detection rates are measured just before the swap, as the health window's baseline.</summary>
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The new model must infer at least this fraction of the old model's frames per second (0 turns the check off).</summary>
    public double MinFpsRatio { get; set; } = 0.8;

    /// <summary>Frames the new model may lose to preprocessing or inference errors within the health window.</summary>
    public int MaxInferenceErrors { get; set; }

    /// <summary>
    /// When set, detections per inferred frame must stay at or above this fraction of the old model's (a collapse of the
    /// detection rate means a broken model). Only checked when the old model detected something in its baseline.
    /// </summary>
    public double? MinDetectionRatio { get; set; }

    /// <summary>A transfer that receives nothing for this long is restarted (MQTT: subscribe again; HTTPS: a new Range request).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before a failed transfer is tried again; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Packages larger than this are refused before any byte is downloaded.</summary>
    public long MaxPackageBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Free space to leave on the store's file system after the package and its unpacked copy.</summary>
    public long MinFreeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Bytes the model store's <c>quarantine/</c> may hold (rejected packages kept for inspection); older entries go first.</summary>
    public long MaxQuarantineBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Quarantine entries older than this are removed.</summary>
    public TimeSpan QuarantineRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Bytes the model store's <c>.downloads/</c> may hold (partial packages kept to resume); older ones go first, the newest is always kept.</summary>
    public long MaxDownloadBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Partial downloads untouched for this long are removed.</summary>
    public TimeSpan DownloadRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A PEM file of a private certificate authority to trust for <c>https://</c> package sources, besides the system's.</summary>
    public string? HttpsCaFile { get; set; }

    /// <summary>
    /// URL prefixes (each an absolute <c>http://</c> or <c>https://</c> URL ending in '/') a desired-state entry's <c>source</c>
    /// may point under. Empty (the default): only MQTT chunks, so a document from any peer with write access cannot make the
    /// device download from an arbitrary server.
    /// </summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>True when <paramref name="url"/> lies under one of <see cref="AllowedSources"/>.</summary>
    public bool AllowsSource(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return AllowedSources.Exists(prefix => Uri.TryCreate(prefix, UriKind.Absolute, out var p) && url.AbsoluteUri.StartsWith(p.AbsoluteUri, StringComparison.Ordinal));
    }

    /// <summary>Every problem of the section, each naming its key and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var prefix in AllowedSources.Where(p => !Uri.TryCreate(p, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !u.AbsolutePath.EndsWith('/') || !string.IsNullOrEmpty(u.Query) || !string.IsNullOrEmpty(u.UserInfo)))
            errors.Add($"{SectionName}:AllowedSources has '{prefix}': give an http:// or https:// URL prefix ending in '/', without user info or query (e.g. https://models.example.com/packages/).");
        foreach (var key in TrustedKeys.Where(k => !File.Exists(k) && !Directory.Exists(k)))
            errors.Add($"{SectionName}:TrustedKeys names '{key}', which does not exist: give public key PEM files (ds-edge model keygen writes them) or a directory of them.");
        foreach (var group in Groups.Where(g => string.IsNullOrWhiteSpace(g) || g.IndexOfAny(['/', '+', '#']) >= 0))
            errors.Add($"{SectionName}:Groups has '{group}': a group is one MQTT topic level (no '/', '+', '#').");
        if (KeepPreviousVersions is < 0 or > 100) errors.Add($"{SectionName}:KeepPreviousVersions is {KeepPreviousVersions}; use 0-100 (default 2).");
        if (HealthWindow < TimeSpan.Zero || HealthWindow > TimeSpan.FromHours(1)) errors.Add($"{SectionName}:HealthWindow is {HealthWindow}; use 00:00:00 to 01:00:00 (default 00:00:30).");
        if (BaselineWindow < TimeSpan.FromSeconds(0.5) || BaselineWindow > TimeSpan.FromMinutes(5)) errors.Add($"{SectionName}:BaselineWindow is {BaselineWindow}; use 00:00:00.5 to 00:05:00 (default 00:00:05).");
        if (MinFpsRatio is < 0 or > 1) errors.Add($"{SectionName}:MinFpsRatio is {MinFpsRatio}; use 0-1 (default 0.8, 0 turns the check off).");
        if (MaxInferenceErrors < 0) errors.Add($"{SectionName}:MaxInferenceErrors is {MaxInferenceErrors}; use 0 or more.");
        if (MinDetectionRatio is < 0 or > 1) errors.Add($"{SectionName}:MinDetectionRatio is {MinDetectionRatio}; use 0-1 or leave it unset (off).");
        if (StallTimeout < TimeSpan.FromSeconds(1)) errors.Add($"{SectionName}:StallTimeout is {StallTimeout}; use at least 00:00:01 (default 00:00:30).");
        if (RetryDelay < TimeSpan.FromMilliseconds(100) || MaxRetryDelay < RetryDelay)
            errors.Add($"{SectionName}:RetryDelay ({RetryDelay}) must be at least 00:00:00.1 and at most MaxRetryDelay ({MaxRetryDelay}).");
        if (MaxPackageBytes < 1024) errors.Add($"{SectionName}:MaxPackageBytes is {MaxPackageBytes}; give the largest package to accept, in bytes.");
        if (MinFreeBytes < 0) errors.Add($"{SectionName}:MinFreeBytes is {MinFreeBytes}; use 0 or more bytes.");
        if (MaxQuarantineBytes < 0) errors.Add($"{SectionName}:MaxQuarantineBytes is {MaxQuarantineBytes}; use 0 or more bytes (default 268435456, 256 MiB).");
        if (MaxDownloadBytes < 0) errors.Add($"{SectionName}:MaxDownloadBytes is {MaxDownloadBytes}; use 0 or more bytes (default 1073741824, 1 GiB).");
        if (QuarantineRetention < TimeSpan.FromMinutes(1) || QuarantineRetention > TimeSpan.FromDays(365))
            errors.Add($"{SectionName}:QuarantineRetention is {QuarantineRetention}; use 00:01:00 to 365.00:00:00 (default 7.00:00:00).");
        if (DownloadRetention < TimeSpan.FromMinutes(1) || DownloadRetention > TimeSpan.FromDays(365))
            errors.Add($"{SectionName}:DownloadRetention is {DownloadRetention}; use 00:01:00 to 365.00:00:00 (default 7.00:00:00).");
        if (HttpsCaFile is { } ca && !File.Exists(ca)) errors.Add($"{SectionName}:HttpsCaFile is '{ca}', which does not exist: give the PEM of the CA that signed the package server's certificate, or leave it unset.");
        return errors;
    }
}
