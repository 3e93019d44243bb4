using System.Text.Json.Nodes;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Models.Store;
using DeepSeek.Edge.Testing;
using DeepSeek.Edge.Vision.Images;

namespace DeepSeek.Edge.Inference.Tests;

public sealed class BlazeFaceTests
{
    [Fact]
    public void Run_AstronautPhoto_FindsExactlyOneFaceAtTheKnownPlace()
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), new InferenceOptions());
        using var image = ImageFiles.Read(TestAssets.Media("astronaut.png"));

        var result = runner.Run(image);

        var face = Assert.Single(result.Output.Detections);
        Assert.Equal("face", face.Label);
        Assert.InRange(face.Score, 0.85f, 1f);
        var cx = (face.Box.X + face.Box.Width / 2) / image.Width;
        var cy = (face.Box.Y + face.Box.Height / 2) / image.Height;
        Assert.InRange(cx, 0.40f, 0.48f);
        Assert.InRange(cy, 0.20f, 0.30f);
        Assert.InRange(face.Box.Width, 0.08f * image.Width, 0.35f * image.Width);
        Assert.Equal(6, face.Keypoints.Count);
        Assert.All(face.Keypoints, k => Assert.True(k.X >= face.Box.X - 5 && k.X <= face.Box.Right + 5, "keypoints lie on the face"));
    }

    [Theory]
    [InlineData("blazeface-front", "holds anchors 0-383, but the layers end at anchors 512, 896")]
    [InlineData("blazeface-back", "holds anchors 0-383, but the layers end at anchors 512, 896")]
    public void Load_OutputPairsInTheOtherOrder_IsRefusedNamingTheOrderThatFits(string model, string expected)
    {
        var dir = ModelFixtures.CopyWithManifest(TestAssets.Model(model), m =>
        {
            m["decoder"]!["scores"] = new JsonArray("Identity_1:0", "Identity:0");
            m["decoder"]!["boxes"] = new JsonArray("Identity_3:0", "Identity_2:0");
        });

        var ex = Assert.Throws<ManifestException>(() => ModelRunner.Load(ModelBundle.Open(dir), new InferenceOptions()));

        Assert.Equal("$.decoder.scores", ex.JsonPath);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"scores\": [\"Identity:0\", \"Identity_1:0\"], \"boxes\": [\"Identity_2:0\", \"Identity_3:0\"]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CatPhoto_FindsNoFace()
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), new InferenceOptions());
        using var image = ImageFiles.Read(TestAssets.Media("chelsea.png"));

        Assert.Empty(runner.Run(image).Output.Detections);
    }

    [Fact]
    public void Run_LetterboxedManifest_MapsTheFaceBackToTheSamePlaceAsStretch()
    {
        var letterboxed = ModelFixtures.CopyWithManifest(TestAssets.BlazeFaceBack, m => m["input"]!["resize"] = "letterbox");
        using var stretch = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceBack), new InferenceOptions());
        using var letterbox = ModelRunner.Load(ModelBundle.Open(letterboxed), new InferenceOptions());
        using var image = ImageFiles.Read(TestAssets.Media("messi5.jpg")); // 548x342: letterboxing pads it top and bottom

        var a = Assert.Single(stretch.Run(image).Output.Detections, d => d.Score > 0.8f);
        var b = Assert.Single(letterbox.Run(image).Output.Detections, d => d.Score > 0.8f);

        var dx = (a.Box.X + a.Box.Width / 2) - (b.Box.X + b.Box.Width / 2);
        var dy = (a.Box.Y + a.Box.Height / 2) - (b.Box.Y + b.Box.Height / 2);
        Assert.True(MathF.Sqrt(dx * dx + dy * dy) < 0.02f * image.Width, $"stretch {a.Box} vs letterbox {b.Box}");
        Assert.InRange(b.Box.Width / b.Box.Height, 0.9f, 1.1f); // letterbox keeps the face square
    }

    [Fact]
    public void Run_BackModelOnAstronaut_FindsTheSameFace()
    {
        using var front = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), new InferenceOptions());
        using var back = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceBack), new InferenceOptions());
        using var image = ImageFiles.Read(TestAssets.Media("astronaut.png"));

        var a = Assert.Single(front.Run(image).Output.Detections);
        var b = Assert.Single(back.Run(image).Output.Detections);

        Assert.True(a.Box.IntersectionOverUnion(b.Box) > 0.5f, $"front {a.Box} vs back {b.Box}");
    }

    [Fact]
    public void Thresholds_RaisedAboveTheFaceScore_DropsTheFaceFromTheNextFrame()
    {
        using var runner = ModelRunner.Load(ModelBundle.Open(TestAssets.BlazeFaceFront), new InferenceOptions());
        using var image = ImageFiles.Read(TestAssets.Media("astronaut.png"));
        Assert.Single(runner.Run(image).Output.Detections);

        runner.Thresholds = runner.Thresholds with { Score = 0.999f };

        Assert.Empty(runner.Run(image).Output.Detections);
    }
}
