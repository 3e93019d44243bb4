using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Preprocessing;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>Letterbox places the image in the middle of the input and fills the rest with the pad value.</summary>
public sealed class LetterboxPaddingTests
{
    [Fact]
    public void Process_SquareImageIntoWideInput_PadsLeftAndRightColumns()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(4, 2, TensorLayout.NHWC, ColorOrder.BGR, ResizeMode.Letterbox, pad: 114f));
        var tensor = new float[4 * 2 * 3];

        var transform = preprocessor.Process(frame, tensor);

        float[] expected =
        [
            114, 114, 114, 10, 20, 30, 40, 50, 60, 114, 114, 114,
            114, 114, 114, 70, 80, 90, 100, 110, 120, 114, 114, 114,
        ];
        Assert.Equal(expected, tensor);
        Assert.Equal(new FrameTransform(2, 2, 1f, 1f, 1f, 0f, 0, 0, 2, 2), transform);
    }

    [Fact]
    public void Process_OddPadding_PutsTheExtraColumnOnTheRight()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(5, 2, TensorLayout.NCHW, ColorOrder.BGR, ResizeMode.Letterbox, pad: 0f, mean: [1f, 1f, 1f]));
        var tensor = new float[5 * 2 * 3];

        preprocessor.Process(frame, tensor);

        // Blue plane, rows of 5: one pad column left, two right; pad is (0 - 1) / 1.
        Assert.Equal([-1f, 9f, 39f, -1f, -1f, -1f, 69f, 99f, -1f, -1f], tensor.AsSpan(0, 10).ToArray());
    }

    [Fact]
    public void Process_PadValueWithMeanAndStd_NormalisesThePadLikeAPixel()
    {
        using var frame = TestImages.Uniform(640, 480, 10, 20, 30);
        var spec = Specs.Input(320, 320, TensorLayout.NCHW, ColorOrder.RGB, ResizeMode.Letterbox, pad: 127.5f, mean: [127.5f, 127.5f, 127.5f], std: [127.5f, 127.5f, 127.5f]);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[3 * 320 * 320];

        var transform = preprocessor.Process(frame, tensor);

        // 640x480 scaled by 0.5 is 320x240: 40 pad rows above and below.
        Assert.Equal(40f, transform.PadY);
        Assert.Equal(0f, transform.PadX);
        for (var y = 0; y < 320; y++)
        {
            var inside = y is >= 40 and < 280;
            Assert.Equal(inside ? (30 - 127.5f) / 127.5f : 0f, TensorReader.At(tensor, 320, 320, 0, 17, y));
            Assert.Equal(inside ? (10 - 127.5f) / 127.5f : 0f, TensorReader.At(tensor, 320, 320, 2, 300, y));
        }
    }

    [Fact]
    public void Process_PortraitImageUint8_PadsColumnsWithTheRoundedPadValue()
    {
        using var frame = TestImages.Uniform(240, 320, 200, 200, 200);
        var spec = Specs.Input(64, 64, TensorLayout.NHWC, ColorOrder.BGR, ResizeMode.Letterbox, pad: 114f, dataType: InputDataType.UInt8);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new byte[64 * 64 * 3];

        var transform = preprocessor.Process(frame, tensor);

        // 240x320 scaled by 0.2 is 48x64: 8 pad columns each side.
        Assert.Equal(new FrameTransform(240, 320, 0.2f, 0.2f, 8f, 0f, 0, 0, 240, 320), transform);
        for (var x = 0; x < 64; x++)
        {
            var expected = x is >= 8 and < 56 ? (byte)200 : (byte)114;
            Assert.Equal(expected, tensor[((33 * 64) + x) * 3]);
        }
    }

    [Fact]
    public void Process_StretchSpec_NeverPads()
    {
        using var frame = TestImages.Uniform(240, 320, 200, 200, 200);
        using var preprocessor = new FramePreprocessor(Specs.Input(64, 64, resize: ResizeMode.Stretch, pad: 114f));
        var tensor = new float[64 * 64 * 3];

        preprocessor.Process(frame, tensor);

        Assert.All(tensor, v => Assert.Equal(200f, v));
    }
}
