namespace DeepSeek.Edge.Models.Packaging;

/// <summary>Bounds a package must stay within before anything in it is trusted or unpacked (zip-bomb and disk-filling guards).</summary>
public sealed class PackageLimits
{
    public static PackageLimits Default { get; } = new();

    /// <summary>The package file itself (the zip).</summary>
    public long MaxPackageBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    public int MaxEntries { get; init; } = 64;

    /// <summary>One entry, uncompressed.</summary>
    public long MaxEntryBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>All entries together, uncompressed.</summary>
    public long MaxUnpackedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Uncompressed / compressed size of one entry; real weights compress by less than 10x.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this (uncompressed) are not held to <see cref="MaxCompressionRatio"/>.</summary>
    public long CompressionRatioFloorBytes { get; init; } = 1024 * 1024;

    /// <summary><c>manifest.json</c> and a labels file are read into memory: they must stay below this.</summary>
    public int MaxManifestBytes { get; init; } = 1024 * 1024;
}
