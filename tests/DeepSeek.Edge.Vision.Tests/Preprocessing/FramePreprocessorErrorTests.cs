using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Vision.Preprocessing;
using DeepSeek.Edge.Vision.Tests.Support;
using OpenCvSharp;

namespace DeepSeek.Edge.Vision.Tests.Preprocessing;

/// <summary>Misuse fails at once with a message that says what to change.</summary>
public sealed class FramePreprocessorErrorTests
{
    [Fact]
    public void Process_FloatBufferForUint8Input_ThrowsNamingTheTypeToPass()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2, dataType: InputDataType.UInt8));

        var error = Assert.Throws<ArgumentException>(() => preprocessor.Process(frame, new float[12]));

        Assert.Contains("uint8", error.Message, StringComparison.Ordinal);
        Assert.Contains("Span<byte>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_ByteBufferForFloatInput_ThrowsNamingTheTypeToPass()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2));

        var error = Assert.Throws<ArgumentException>(() => preprocessor.Process(frame, new byte[12]));

        Assert.Contains("Span<float>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_BufferOfWrongLength_ThrowsWithShapeAndBothLengths()
    {
        using var frame = TestImages.TwoByTwo();
        using var preprocessor = new FramePreprocessor(Specs.Input(4, 2));

        var error = Assert.Throws<ArgumentException>(() => preprocessor.Process(frame, new float[12]));

        Assert.Contains("[1,3,2,4] = 24", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_FloatFrame_ThrowsNamingTheAcceptedTypes()
    {
        using var frame = new Mat(2, 2, MatType.CV_32FC3);
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2));

        var error = Assert.Throws<ArgumentException>(() => preprocessor.Process(frame, new float[12]));

        Assert.Contains("CV_8UC3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_EmptyFrame_Throws()
    {
        using var frame = new Mat();
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2));

        var error = Assert.Throws<ArgumentException>(() => preprocessor.Process(frame, new float[12]));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_RegionOutsideTheFrame_ThrowsWithRegionAndFrameSize()
    {
        using var frame = TestImages.Uniform(64, 48, 0, 0, 0);
        using var preprocessor = new FramePreprocessor(Specs.Input(2, 2));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => preprocessor.Process(frame, new Rect(100, 0, 10, 10), new float[12]));

        Assert.Contains("64x48", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MeanForTheWrongChannelCount_Throws()
    {
        var spec = Specs.Input(2, 2, color: ColorOrder.Gray) with { Mean = [1f, 2f, 3f] };

        var error = Assert.Throws<ArgumentException>(() => new FramePreprocessor(spec));

        Assert.Contains("1 channel(s) but 3 mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_AfterDispose_ThrowsObjectDisposed()
    {
        using var frame = TestImages.TwoByTwo();
        var preprocessor = new FramePreprocessor(Specs.Input(2, 2));
        preprocessor.Dispose();

        Assert.Throws<ObjectDisposedException>(() => preprocessor.Process(frame, new float[12]));
    }
}
