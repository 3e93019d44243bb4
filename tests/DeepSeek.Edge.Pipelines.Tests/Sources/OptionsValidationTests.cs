using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Pipelines.Scheduling;
using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Sources;

public sealed class OptionsValidationTests
{
    public static TheoryData<Action<CameraOptions>, string> BadCameras => new()
    {
        { c => c.Name = "front door", "Camera.Name" },
        { c => c.InferEveryNth = 0, "Camera[cam].InferEveryNth" },
        { c => c.RegionOfInterest = new Rect(10, 10, 0, 5), "Camera[cam].RegionOfInterest" },
        { c => c.InputQueueCapacity = 0, "Camera[cam].InputQueueCapacity" },
        { c => c.OutputQueueCapacity = 100, "Camera[cam].OutputQueueCapacity" },
        { c => c.JpegQuality = 101, "Camera[cam].JpegQuality" },
        { c => c.StopTimeout = TimeSpan.Zero, "Camera[cam].StopTimeout" },
        { c => c.Source.Uri = "", "Camera[cam].Source.Uri" },
        { c => c.Source.Uri = "bogus://x", "Camera[cam].Source.Uri" },
        { c => c.Source.StallTimeout = TimeSpan.Zero, "Camera[cam].Source.StallTimeout" },
        { c => c.Source.ReconnectMaxDelay = TimeSpan.FromMilliseconds(1), "Camera[cam].Source.ReconnectMaxDelay" },
        { c => c.Source.MaxReconnectAttempts = 0, "Camera[cam].Source.MaxReconnectAttempts" },
        { c => c.Source.PixelFormat = "MJPEG", "Camera[cam].Source.PixelFormat" },
        { c => c.Source.Flip = 9, "Camera[cam].Source.Flip" },
        { c => c.Source.Width = -1, "Camera[cam].Source.Width" },
        { c => c.Source.Decoder = DecoderBackend.Ffmpeg, "Camera[cam].Source.Decoder" },
        { c => (c.Source.Uri, c.Source.Decoder) = ("rtsp://cam/stream", DecoderBackend.GStreamer), "Camera[cam].Source.Decoder" },
        { c => c.Source.RtspTransport = "quic", "Camera[cam].Source.RtspTransport" },
        { c => c.Source.HwAccel = "cuda -i /etc/passwd", "Camera[cam].Source.HwAccel" },
    };

    [Theory]
    [MemberData(nameof(BadCameras))]
    public void Validate_BadCameraOption_ThrowsNamingIt(Action<CameraOptions> edit, string option)
    {
        var options = new CameraOptions { Name = "cam", Source = new SourceOptions { Uri = "test:" } };
        edit(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(option, error.ParamName);
        Assert.StartsWith(option + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        new CameraOptions { Name = "cam", Source = new SourceOptions { Uri = "test:" } }.Validate();
        new ModelHostOptions().Validate();
    }

    [Fact]
    public void Validate_BadHostOption_ThrowsNamingIt()
    {
        var options = new ModelHostOptions { ValidationFrameTimeout = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Equal("ModelHost.ValidationFrameTimeout", error.ParamName);
    }
}
