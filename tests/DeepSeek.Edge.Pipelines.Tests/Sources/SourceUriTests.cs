using DeepSeek.Edge.Pipelines.Sources;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class SourceUriTests
{
    [Theory]
    [InlineData("file:/data/a.avi", SourceKind.File, "/data/a.avi")]
    [InlineData("file:///data/a.avi", SourceKind.File, "/data/a.avi")]
    [InlineData("/data/a.avi", SourceKind.File, "/data/a.avi")]
    [InlineData("relative/clip.mp4", SourceKind.File, "relative/clip.mp4")]
    [InlineData("v4l2:/dev/video2", SourceKind.V4l2, "/dev/video2")]
    [InlineData("v4l2:1", SourceKind.V4l2, "/dev/video1")]
    [InlineData("v4l2:///dev/video0", SourceKind.V4l2, "/dev/video0")]
    [InlineData("csi://1", SourceKind.Csi, "1")]
    [InlineData("rtsp://cam.local:554/stream1?channel=2", SourceKind.Rtsp, "rtsp://cam.local:554/stream1?channel=2")]
    [InlineData("https://cam.local/video.mjpg", SourceKind.Http, "https://cam.local/video.mjpg")]
    [InlineData("gst:videotestsrc ! videoconvert ! appsink", SourceKind.GStreamer, "videotestsrc ! videoconvert ! appsink")]
    [InlineData("test:", SourceKind.Test, "pattern")]
    public void Parse_KnownSchemes_GivesKindAndTarget(string uri, SourceKind kind, string target)
    {
        var parsed = SourceUri.Parse(uri);

        Assert.Equal((kind, target), (parsed.Kind, parsed.Target));
    }

    [Fact]
    public void Parse_QuerySettings_AreReadWithTheirTypes()
    {
        var parsed = SourceUri.Parse("v4l2:/dev/video0?width=1280&height=720&fps=30&format=MJPG");

        Assert.Equal(1280, parsed.Int("width", 1, 16384));
        Assert.Equal(720, parsed.Int("height", 1, 16384));
        Assert.Equal(30, parsed.Int("fps", 1, 1000));
        Assert.Equal("MJPG", parsed.Text("format"));
        Assert.Null(parsed.Int("missing", 0, 1));
        Assert.True(SourceUri.Parse("file:a.avi?loop").Bool("loop"));
        Assert.False(SourceUri.Parse("file:a.avi?realtime=0").Bool("realtime"));
    }

    [Theory]
    [InlineData("ftp://host/a.avi", "scheme \"ftp:\"")]
    [InlineData("csi://front", "csi://<sensor id>")]
    [InlineData("v4l2:", "no device")]
    [InlineData("file:a.avi?speed=2", "\"speed\"")]
    [InlineData("test:?width=wide", "\"width=wide\"")]
    [InlineData("gst:", "no pipeline")]
    [InlineData("rtsp://", "not a valid URL")]
    public void Parse_BadUris_FailNamingTheOptionAndTheProblem(string uri, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var parsed = SourceUri.Parse(uri, "Camera[c1].Source.Uri");
            parsed.Int("width", 1, 100);
        });

        Assert.StartsWith("Camera[c1].Source.Uri ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal("Camera[c1].Source.Uri", error.ParamName);
    }

    [Theory]
    [InlineData("rtsp://admin:s3cret@10.0.0.5:554/h264", "rtsp://admin:***@10.0.0.5:554/h264")]
    [InlineData("http://user:p%40ss@cam/video", "http://user:***@cam/video")]
    [InlineData("rtsp://10.0.0.5/h264", "rtsp://10.0.0.5/h264")]
    [InlineData("http://token@cam/video", "http://token@cam/video")]
    public void Display_NetworkUriWithPassword_HidesThePassword(string uri, string display)
    {
        Assert.Equal(display, SourceUri.Parse(uri).Display);
    }
}
