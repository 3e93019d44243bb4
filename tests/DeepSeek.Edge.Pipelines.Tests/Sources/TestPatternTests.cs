using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class TestPatternTests
{
    [Fact]
    public void Read_TestPattern_GivesFramesOfTheRequestedSizeNumberedInOrder()
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "test:?width=320&height=200&fps=0" });
        var info = source.Open(CancellationToken.None);
        using var frame = new Mat();
        var numbers = new List<long>();

        for (var i = 0; i < 5; i++)
        {
            Assert.True(source.Read(frame, CancellationToken.None));
            numbers.Add(TestPatternSourceNumber(frame));
        }

        Assert.Equal((320, 200, "test"), (info.Width, info.Height, info.Backend));
        Assert.Equal((320, 200, MatType.CV_8UC3), (frame.Width, frame.Height, frame.Type()));
        Assert.Equal([0L, 1, 2, 3, 4], numbers);
        Assert.True(source.IsLive);
    }

    private static long TestPatternSourceNumber(Mat frame) => TestPatternSource.FrameNumberOf(frame);
}
