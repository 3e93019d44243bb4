using DeepSeek.Edge.Pipelines.Sources;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class VideoIoTests
{
    private const string JetsonBuild = """
        General configuration for OpenCV 4.8.0 =====================================
          Video I/O:
            DC1394:                      NO
            FFMPEG:                      YES
              avcodec:                   YES (58.54.100)
            GStreamer:                   YES (1.16.3)
            v4l/v4l2:                    YES (linux/videodev2.h)

          Parallel framework:            TBB
        """;

    private const string NoGStreamer = """
          Video I/O:
            FFMPEG:                      YES
              avcodec:                   YES (61.19.101)
            GStreamer:                   NO
            v4l/v4l2:                    YES (linux/videodev2.h)

        """;

    [Fact]
    public void Has_BuildInformation_ReadsTheVideoIoSection()
    {
        Assert.True(VideoIoSupport.Has(JetsonBuild, "GStreamer"));
        Assert.True(VideoIoSupport.Has(JetsonBuild, "v4l/v4l2"));
        Assert.False(VideoIoSupport.Has(JetsonBuild, "DC1394"));
        Assert.False(VideoIoSupport.Has(NoGStreamer, "GStreamer"));
        Assert.Equal("FFMPEG, v4l/v4l2", VideoIoSupport.Backends(NoGStreamer));
    }

    [Fact]
    public void LoadedOpenCv_HasFfmpegAndV4l2()
    {
        Assert.True(VideoIoSupport.HasV4l2);
        Assert.Contains("FFMPEG", VideoIoSupport.GStreamerHelp, StringComparison.Ordinal);
    }

    [Fact]
    public void CsiPipeline_Build_IsTheArgusPipelineEndingInALatestFrameAppsink()
    {
        Assert.Equal(
            "nvarguscamerasrc sensor-id=1 ! video/x-raw(memory:NVMM),width=1280,height=720,framerate=60/1,format=NV12 ! " +
            "nvvidconv flip-method=2 ! video/x-raw,format=BGRx ! videoconvert ! video/x-raw,format=BGR ! appsink drop=true max-buffers=1 sync=false",
            CsiPipeline.Build(1, 1280, 720, 60, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsiPipeline.Build(0, 1280, 720, 60, 8));
    }

    [Fact]
    public void Create_GStreamerPipelineThroughOpenCvWithoutGStreamer_FailsPermanentlyNamingWhatToInstall()
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "gst:videotestsrc ! videoconvert ! appsink", Decoder = DecoderBackend.OpenCv });

        var error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("GStreamer", error.Message, StringComparison.Ordinal);
        Assert.Contains("gstreamer1.0-plugins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingV4l2Device_FailsTransiently()
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "v4l2:/dev/video97?width=640&height=480&format=MJPG" });

        var error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.True(error.Transient);
        Assert.Contains("/dev/video97 is not present", error.Message, StringComparison.Ordinal);
        Assert.True(source.IsLive);
    }

    [Fact]
    public void Create_MissingFile_FailsPermanently()
    {
        using var source = FrameSourceFactory.Create(new SourceOptions { Uri = "file:/nowhere/clip.mp4" });

        var error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.False(error.Transient);
        Assert.False(source.IsLive);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
