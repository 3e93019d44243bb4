namespace DeepSeek.Edge.Quantization.Samples;

/// <summary>
/// Splits one image list into calibration and held-out images when no separate held-out folder is given:
/// every <see cref="Every"/>-th image (in name order) is held out, at least one when there are two or more.
/// </summary>
public static class HoldoutSplit
{
    public const int Every = 4;

    public static (IReadOnlyList<string> Calibration, IReadOnlyList<string> Holdout) Split(IReadOnlyList<string> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < 2) return (images, images);
        var holdout = images.Where((_, i) => i % Every == Every - 1).ToList();
        if (holdout.Count == 0) holdout.Add(images[^1]);
        var calibration = images.Except(holdout, StringComparer.Ordinal).ToList();
        return (calibration, holdout);
    }
}
