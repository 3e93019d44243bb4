using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Preprocessing;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>Exact tensor values for constructed images of model size (no interpolation involved).</summary>
public sealed class FramePreprocessorValuesTests
{
    [Fact]
    public void Process_NchwRgbWithMeanAndStd_WritesNormalisedPlanesInRgbOrder()
    {
        using var frame = TestImages.TwoByTwo();
        var spec = Specs.Input(2, 2, TensorLayout.NCHW, ColorOrder.RGB, mean: [1f, 2f, 3f], std: [2f, 4f, 8f]);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[12];

        preprocessor.Process(frame, tensor);

        float[] expected =
        [
            (30 - 1) / 2f, (60 - 1) / 2f, (90 - 1) / 2f, (120 - 1) / 2f, // R plane
            (20 - 2) / 4f, (50 - 2) / 4f, (80 - 2) / 4f, (110 - 2) / 4f, // G plane
            (10 - 3) / 8f, (40 - 3) / 8f, (70 - 3) / 8f, (100 - 3) / 8f, // B plane
        ];
        Assert.Equal(expected, tensor);
    }

    [Fact]
    public void Process_NhwcBgr_WritesInterleavedPixelsInBgrOrder()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2, TensorLayout.NHWC, ColorOrder.BGR));
        var tensor = new float[12];

        preprocessor.Process(frame, tensor);

        Assert.Equal([10f, 20f, 30f, 40f, 50f, 60f, 70f, 80f, 90f, 100f, 110f, 120f], tensor);
    }

    [Fact]
    public void Process_NhwcRgbMediapipeNormalisation_MapsPixelRangeToMinusOneToOne()
    {
        using var frame = new Mat(1, 2, MatType.CV_8UC3);
        frame.Set(0, 0, new Vec3b(0, 0, 0));
        frame.Set(0, 1, new Vec3b(255, 128, 0));
        var spec = Specs.Input(2, 1, TensorLayout.NHWC, ColorOrder.RGB, mean: [127.5f, 127.5f, 127.5f], std: [127.5f, 127.5f, 127.5f]);
        using var preprocessor = new FramePreprocessor(spec);
        var tensor = new float[6];

        preprocessor.Process(frame, tensor);

        Assert.Equal([-1f, -1f, -1f, -1f, 0.5f / 127.5f, 1f], tensor);
    }

    [Fact]
    public void Process_GrayModel_ConvertsWithOpenCvLumaWeights()
    {
        using var frame = new Mat(2, 2, MatType.CV_8UC3);
        frame.Set(0, 0, new Vec3b(0, 0, 255)); // red
        frame.Set(0, 1, new Vec3b(0, 255, 0)); // green
        frame.Set(1, 0, new Vec3b(255, 0, 0)); // blue
        frame.Set(1, 1, new Vec3b(255, 255, 255));
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2, color: ColorOrder.Gray, mean: [100f], std: [2f]));
        var tensor = new float[4];

        preprocessor.Process(frame, tensor);

        // 0.299 R + 0.587 G + 0.114 B, rounded: 76, 150, 29, 255.
        Assert.Equal([(76 - 100) / 2f, (150 - 100) / 2f, (29 - 100) / 2f, (255 - 100) / 2f], tensor);
    }

    [Fact]
    public void Process_Uint8NhwcRgb_WritesRawPixelsInRgbOrder()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2, TensorLayout.NHWC, ColorOrder.RGB, dataType: InputDataType.UInt8));
        var tensor = new byte[12];

        preprocessor.Process(frame, tensor);

        Assert.Equal(new byte[] { 30, 20, 10, 60, 50, 40, 90, 80, 70, 120, 110, 100 }, tensor);
    }

    [Fact]
    public void Process_Uint8NchwBgr_WritesRawPlanes()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2, TensorLayout.NCHW, ColorOrder.BGR, dataType: InputDataType.UInt8));
        var tensor = new byte[12];

        preprocessor.Process(frame, tensor);

        Assert.Equal(new byte[] { 10, 40, 70, 100, 20, 50, 80, 110, 30, 60, 90, 120 }, tensor);
    }

    [Fact]
    public void Process_GrayFrameIntoRgbModel_RepeatsTheGrayValueInEveryChannel()
    {
        using var frame = new Mat(1, 2, MatType.CV_8UC1);
        frame.Set(0, 0, (byte)7);
        frame.Set(0, 1, (byte)200);
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 1, TensorLayout.NHWC, ColorOrder.RGB));
        var tensor = new float[6];

        preprocessor.Process(frame, tensor);

        Assert.Equal([7f, 7f, 7f, 200f, 200f, 200f], tensor);
    }

    [Fact]
    public void Process_BgraFrame_IgnoresAlpha()
    {
        using var frame = new Mat(1, 2, MatType.CV_8UC4);
        frame.Set(0, 0, new Vec4b(1, 2, 3, 0));
        frame.Set(0, 1, new Vec4b(4, 5, 6, 255));
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 1, TensorLayout.NHWC, ColorOrder.RGB));
        var tensor = new float[6];

        preprocessor.Process(frame, tensor);

        Assert.Equal([3f, 2f, 1f, 6f, 5f, 4f], tensor);
    }

    [Fact]
    public void Process_BgraFrameIntoGrayModel_ConvertsToGray()
    {
        using var frame = new Mat(1, 1, MatType.CV_8UC4, new Scalar(0, 255, 0, 17));
        using var preprocessor = new FramePreprocessor(Specs.Input(1, 1, color: ColorOrder.Gray));
        var tensor = new float[1];

        preprocessor.Process(frame, tensor);

        Assert.Equal([150f], tensor);
    }

    [Fact]
    public void Process_LargerUniformFrame_StretchesToModelSizeKeepingTheColour()
    {
        using var frame = TestImages.Uniform(640, 480, 10, 20, 30);
        using var preprocessor = new FramePreprocessor(Specs.Input(8, 4, TensorLayout.NCHW, ColorOrder.RGB));
        var tensor = new float[3 * 8 * 4];

        var transform = preprocessor.Process(frame, tensor);

        Assert.All(tensor.AsSpan(0, 32).ToArray(), v => Assert.Equal(30f, v));
        Assert.All(tensor.AsSpan(32, 32).ToArray(), v => Assert.Equal(20f, v));
        Assert.All(tensor.AsSpan(64, 32).ToArray(), v => Assert.Equal(10f, v));
        Assert.Equal(8f / 640, transform.ScaleX);
        Assert.Equal(4f / 480, transform.ScaleY);
    }
}
