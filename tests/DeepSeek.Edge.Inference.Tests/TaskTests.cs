using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;
using OpenCvSharp;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class TaskTests
{
    [Fact]
    public void Run_ResNetEmbedding_Gives512FiniteValuesStableForTheSameImage()
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.ResNet18), new InferenceOptions());
        using var astronaut = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        using var cat = ImageFiles.Read(TestAssets.Media("chelsea.png"));

        var a1 = runner.Run(astronaut).Output.Embedding!;
        var a2 = runner.Run(astronaut).Output.Embedding!;
        var c = runner.Run(cat).Output.Embedding!;

        Assert.Equal(512, a1.Length);
        Assert.All(a1, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(a1, a2);
        Assert.True(Cosine(a1, c) < 0.95, $"astronaut and cat embeddings should differ (cosine {Cosine(a1, c)})");
    }

    [Fact]
    public void Run_TextAngleClassifier_GivesTwoClassesThatSumToOneAndFlipWhenRotated()
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.TextAngle), new InferenceOptions());
        using var text = new Mat(48, 192, MatType.CV_8UC3, Scalar.White);
        Cv2.PutText(text, "Edge 2026", new Point(6, 36), HersheyFonts.HersheySimplex, 1.1, Scalar.Black, 3);
        using var rotated = new Mat();
        Cv2.Rotate(text, rotated, RotateFlags.Rotate180);

        var upright = runner.Run(text).Output.Classes;
        var flipped = runner.Run(rotated).Output.Classes;

        Assert.Equal(2, upright.Count);
        Assert.InRange(upright.Sum(c => c.Score), 0.99f, 1.01f);
        Assert.Equal("0", upright[0].Label);
        Assert.Equal("180", flipped[0].Label);
    }

    [Theory]
    [InlineData("Edge", 120)] // narrower than 4 : 1: kept at its aspect, padded on the right
    [InlineData("Models run on every camera", 640)] // wider than 4 : 1: fills the width
    public void Run_TextAngleClassifierOnALineOfAnotherAspect_TellsUprightFromUpsideDown(string text, int width)
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.TextAngle), new InferenceOptions());
        using var line = new Mat(48, width, MatType.CV_8UC3, Scalar.White);
        Cv2.PutText(line, text, new Point(4, 36), HersheyFonts.HersheySimplex, 1.1, Scalar.Black, 3);
        using var rotated = new Mat();
        Cv2.Rotate(line, rotated, RotateFlags.Rotate180);

        Assert.Equal("0", runner.Run(line).Output.Classes[0].Label);
        Assert.Equal("180", runner.Run(rotated).Output.Classes[0].Label);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
