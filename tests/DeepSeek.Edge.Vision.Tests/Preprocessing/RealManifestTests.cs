using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;
using DeepSeek.Edge.Vision.Preprocessing;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>The project's real model manifests applied to real photos.</summary>
public sealed class RealManifestTests
{
    [Theory]
    [InlineData("blazeface-front", "astronaut.png")]
    [InlineData("blazeface-back", "messi5.jpg")]
    [InlineData("ppocr-angle-cls", "astronaut.png")]
    [InlineData("resnet18-features", "chelsea.png")]
    public void Process_RealManifestAndPhoto_FillsTheWholeTensorWithinTheNormalisedPixelRange(string model, string photo)
    {
        var spec = LoadInput(model);
        using var frame = ImageFiles.Read(TestAssets.Media(photo));
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        Array.Fill(tensor, float.NaN);

        preprocessor.Process(frame, tensor);

        var low = Enumerable.Range(0, spec.Channels).Min(c => (0 - spec.Mean[c]) / spec.Std[c]);
        var high = Enumerable.Range(0, spec.Channels).Max(c => (255 - spec.Mean[c]) / spec.Std[c]);
        Assert.All(tensor, v => Assert.InRange(v, low, high));
        var mean = tensor.Average();
        var spread = Math.Sqrt(tensor.Average(v => (v - mean) * (v - mean)));
        Assert.True(spread > 0.05 * (high - low), $"a photo gives varied values; spread was {spread}");
    }

    [Fact]
    public void Process_BlazeFaceOnAstronaut_WritesTheNhwcRgbShapeTheModelTakes()
    {
        var spec = LoadInput("blazeface-front");
        using var frame = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];

        var transform = preprocessor.Process(frame, tensor);

        Assert.Equal([1L, 128, 128, 3], spec.Shape);
        Assert.Equal(128 * 128 * 3, tensor.Length);
        Assert.Equal((512, 512, 0.25f, 0.25f), (transform.SourceWidth, transform.SourceHeight, transform.ScaleX, transform.ScaleY));

        // A 4x downscale with bilinear sampling reads the middle 2x2 pixels of each 4x4 block; channels in RGB order.
        for (var y = 0; y < 128; y++)
        {
            for (var x = 0; x < 128; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var source = 2 - c;
                    var sum = 0;
                    for (var dy = 1; dy <= 2; dy++)
                    {
                        for (var dx = 1; dx <= 2; dx++) sum += frame.At<Vec3b>((4 * y) + dy, (4 * x) + dx)[source];
                    }

                    var expected = ((sum / 4f) - 127.5f) / 127.5f;
                    Assert.Equal(expected, tensor[(((y * 128) + x) * 3) + c], 1f / 127.5f);
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 0, 512, 512, 48)] // square: 48 px of image, 144 px of padding on the right
    [InlineData(0, 100, 300, 120, 120)] // 2.5 : 1 keeps its aspect: 120 px of image
    [InlineData(0, 200, 512, 100, 192)] // wider than 4 : 1 fills the width (PaddleOCR squeezes it)
    public void Process_TextAngleManifest_FitsHeightKeepsAspectAndPadsRightWithNormalisedZero(int x, int y, int width, int height, int imageColumns)
    {
        var spec = LoadInput("ppocr-angle-cls");
        using var frame = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[spec.ElementCount];
        var region = new Rect(x, y, width, height);

        var transform = preprocessor.Process(frame, region, tensor);

        // PaddleOCR's resize_norm_img: resize to (ceil(48 * w / h) capped at 192) x 48, (pixel / 255 - 0.5) / 0.5 in BGR,
        // planar, then zeros to the right.
        using var crop = new Mat(frame, region);
        using var expected = new Mat();
        Cv2.Resize(crop, expected, new Size(imageColumns, 48), 0, 0, InterpolationFlags.Linear);
        Assert.Equal((TensorLayout.NCHW, ColorOrder.BGR, 192, 48), (spec.Layout, spec.Color, spec.Width, spec.Height));
        Assert.Equal((imageColumns / (float)width, 48f / height, 0f, 0f), (transform.ScaleX, transform.ScaleY, transform.PadX, transform.PadY));
        for (var c = 0; c < 3; c++)
        {
            for (var row = 0; row < 48; row++)
            {
                for (var col = 0; col < 192; col++)
                {
                    var value = tensor[(c * 48 * 192) + (row * 192) + col];
                    if (col >= imageColumns) Assert.Equal(0f, value);
                    else Assert.Equal((expected.At<Vec3b>(row, col)[c] / 255f - 0.5f) / 0.5f, value, 1e-5f);
                }
            }
        }
    }

    private static InputSpec LoadInput(string model)
    {
        var path = Path.Combine(TestAssets.RepoRoot, "models", "manifests", model, "manifest.json");
        var manifest = ManifestParser.Parse(File.ReadAllBytes(path), path, file => File.ReadAllLines(Path.Combine(TestAssets.Model(model), file)));
        return manifest.Input;
    }
}
