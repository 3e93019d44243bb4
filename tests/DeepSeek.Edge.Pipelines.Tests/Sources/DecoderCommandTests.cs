using DeepSeek.Edge.Pipelines.Sources;
using DeepSeek.Edge.Pipelines.Sources.Piped;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class DecoderCommandTests
{
    [Fact]
    public void FfmpegNetwork_UrlWithCredentials_GoesToStdinNeverToTheArguments()
    {
        var options = new SourceOptions { Uri = "rtsp://admin:pa'ss@cam:554/live", Width = 640, Height = 360 };

        var command = FfmpegCommand.Network(options.Uri, SourceKind.Rtsp, options, "hint");

        Assert.DoesNotContain(command.Arguments, a => a.Contains("cam", StringComparison.Ordinal) || a.Contains("pa'ss", StringComparison.Ordinal));
        Assert.Contains("file 'rtsp://admin:pa'\\''ss@cam:554/live'\n", command.Input, StringComparison.Ordinal);
        Assert.Contains("option rtsp_transport tcp\n", command.Input, StringComparison.Ordinal);
        Assert.Equal(["-vf", "scale=640:360", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"], command.Arguments.TakeLast(7));
    }

    [Fact]
    public void GstLaunch_OpenCvPipeline_AppsinkReplacedByTheBgrPipeAndQuotedValuesKept()
    {
        var command = GstLaunchCommand.Create("filesrc location=\"/media/my clip.mp4\" ! decodebin ! videoconvert ! appsink drop=true", 320, 0, "hint");

        Assert.Equal(
            ["-q", "filesrc", "location=/media/my clip.mp4", "!", "decodebin", "!", "videoconvert", "!", "videoconvert", "!", "videoscale", "!",
             "video/x-raw,format=BGR,width=320,height=480", "!", "fdsink", "fd=1"],
            command.Arguments);
        Assert.Equal((320, 480), (command.Width, command.Height));
    }

    [Theory]
    [InlineData("method DESCRIBE failed: 401 Unauthorized", "unauthorized", false)]
    [InlineData("[tcp @ 0x1] Connection to tcp://10.0.0.9:554?timeout=0 failed: Connection refused", "refused", true)]
    [InlineData("method DESCRIBE failed: 404 Not Found", "not_found", true)]
    [InlineData("WARNING: erroneous pipeline: no element \"nvarguscamerasrc\"", "missing_element", false)]
    [InlineData("something else entirely", "exited", true)]
    public void Failure_LastStderrLines_NameTheCauseAndWhetherToRetry(string line, string cause, bool transient)
    {
        var failure = DecoderFailure.From("ffmpeg", ["Input #0 ...", line], exitCode: 1);

        Assert.Equal((cause, transient), (failure.Cause, failure.Transient));
        Assert.Contains(line, failure.Problem, StringComparison.Ordinal);
    }
}
