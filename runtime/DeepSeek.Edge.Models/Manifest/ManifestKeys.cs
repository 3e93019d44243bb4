namespace DeepSeek.Edge.Models.Manifest;

/// <summary>
/// The keys contract 1 defines, per object. Any other key is refused with a "did you mean" (a typo must not be ignored);
/// <c>lineage</c> and <c>quantization</c> are free-form, and each decoder kind names its own keys.
/// </summary>
public static class ManifestKeys
{
    public static IReadOnlyList<string> Root { get; } =
        ["schema", "name", "version", "task", "model", "files", "input", "decoder", "labels", "thresholds", "precision", "lineage", "quantization"];

    public static IReadOnlyList<string> File { get; } = ["path", "size", "sha256"];

    public static IReadOnlyList<string> Input { get; } =
        ["name", "layout", "width", "height", "color", "resize", "pad", "pad_normalized", "mean", "std", "dtype"];

    public static IReadOnlyList<string> Thresholds { get; } = ["score", "iou"];
}
