using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Quantization.Samples;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>The sample photos (calibration) and the three media images (held out), preprocessed for a model.</summary>
internal static class RealSamples
{
    public static string PhotosDir => Path.Combine(TestAssets.MediaDir, "photos");

    public static IReadOnlyList<ModelSample> Photos(ModelBundle bundle) =>
        ManifestImageSamples.Load(bundle.Manifest.Input, ImageFiles.ListImages(PhotosDir));

    /// <summary>astronaut.png (one face), chelsea.png (a cat), messi5.jpg.</summary>
    public static IReadOnlyList<ModelSample> Media(ModelBundle bundle) =>
        ManifestImageSamples.Load(bundle.Manifest.Input, ImageFiles.ListImages(TestAssets.MediaDir));

    /// <summary>Printed text lines, upright and upside down (<see cref="TextLines"/>): the angle classifier's calibration set, or its held-out one.</summary>
    public static IReadOnlyList<ModelSample> TextLines(ModelBundle bundle, bool holdout = false) =>
        ManifestImageSamples.Load(bundle.Manifest.Input, ImageFiles.ListImages(holdout ? Support.TextLines.HoldoutDir : Support.TextLines.CalibrationDir));
}
