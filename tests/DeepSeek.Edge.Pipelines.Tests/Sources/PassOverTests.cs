using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Testing;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class PassOverTests
{
    [Fact]
    public void VideoFile_PassTwiceThenRead_GivesTheThirdFrameAndLeavesTheScratchUndecoded()
    {
        var path = TestAssets.Media("vtest.avi");
        using var expected = new Mat();
        using (var reference = new VideoCapture(path, VideoCaptureAPIs.FFMPEG))
        {
            for (var i = 0; i < 3; i++) Assert.True(reference.Read(expected));
        }

        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "file:" + path });
        source.Open(CancellationToken.None);
        using var scratch = new Mat();
        using var frame = new Mat();

        Assert.True(source.Pass(scratch, CancellationToken.None));
        Assert.True(source.Pass(scratch, CancellationToken.None));
        Assert.True(source.Read(frame, CancellationToken.None));

        Assert.True(scratch.Empty(), "a passed-over frame is grabbed, never retrieved into pixels");
        Assert.Equal(expected.Size(), frame.Size());
        using var difference = new Mat();
        Cv2.Absdiff(expected, frame, difference);
        Assert.Equal(0, Cv2.CountNonZero(difference.Reshape(1)));
    }

    [Fact]
    public void VideoFile_PassedToTheEnd_EndsLikeRead()
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "file:" + TestAssets.Media("realshort.mp4") });
        source.Open(CancellationToken.None);
        using var scratch = new Mat();
        var passed = 0;
        while (source.Pass(scratch, CancellationToken.None)) passed++;

        Assert.Equal(36, passed);
        Assert.True(scratch.Empty());
    }
}
