using System.Globalization;
using DeepSeek.Edge.Pipelines.Sources.Http;
using DeepSeek.Edge.Pipelines.Sources.Piped;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>Creates the source a URI names (see <see cref="SourceOptions.Uri"/>); URI query settings override the options.</summary>
public static class FrameSourceFactory
{
    // OpenCV's CAP_PROP_OPEN_TIMEOUT_MSEC and CAP_PROP_READ_TIMEOUT_MSEC (FFmpeg backend), missing from VideoCaptureProperties.
    private const int OpenTimeoutProperty = 53;
    private const int ReadTimeoutProperty = 54;

    private const string NetworkHint =
        "check the URL, credentials and that the camera is reachable; note that OpenCV builds whose FFmpeg has no network " +
        "protocols (the official OpenCvSharp linux-x64 runtime) cannot open rtsp:// or non-MJPEG http:// streams: install " +
        "Debian's ffmpeg and leave Decoder at auto (or set it to ffmpeg)";

    private const string StreamHint = "check the URL and that the camera is reachable (ffprobe -rtsp_transport tcp <url>)";
    private const string CsiHint = "check that the camera is connected and nvargus-daemon is running (sudo systemctl restart nvargus-daemon)";
    private const string PipelineHint = "check the pipeline with gst-launch-1.0 (ending in fakesink)";

    /// <summary>The source <paramref name="options"/> name; <paramref name="logger"/> hears which decoder was picked and what decoder processes print.</summary>
    public static IFrameSource Create(SourceOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, string camera = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        var uri = SourceUri.Parse(options.Uri);
        var (decoder, why) = DecoderChoice.Pick(uri.Kind, options.Decoder);
        PipedLog.DecoderChosen(log, uri.Display, Name(decoder), why);
        IFrameSource Piped(DecoderCommand command) => new PipedFrameSource(uri.Display, command, options.OpenTimeout, log, time, camera);
        var width = uri.Int("width", 1, 16384) ?? options.Width;
        var height = uri.Int("height", 1, 16384) ?? options.Height;
        var fps = uri.Int("fps", 0, 1000) ?? options.Fps;
        switch (uri.Kind)
        {
            case SourceKind.File:
                var loop = uri.Bool("loop") ?? options.Loop;
                var realTime = uri.Bool("realtime") ?? options.RealTime;
                if (decoder == DecoderBackend.Ffmpeg) return Piped(FfmpegCommand.File(uri.Target, loop, realTime, options));
                return Directory.Exists(uri.Target)
                    ? new ImageFolderSource(uri.Target, loop, realTime, fps, time)
                    : new VideoFileSource(uri.Target, loop, realTime, fps, time);

            case SourceKind.V4l2:
                return new VideoCaptureSource(V4l2(uri, width, height, fps, uri.Text("format") ?? options.PixelFormat));

            case SourceKind.Csi:
                var pipeline = CsiPipeline.Build(
                    int.Parse(uri.Target, CultureInfo.InvariantCulture),
                    width > 0 ? width : CsiPipeline.DefaultWidth,
                    height > 0 ? height : CsiPipeline.DefaultHeight,
                    fps > 0 ? fps : CsiPipeline.DefaultFps,
                    uri.Int("flip", 0, 7) ?? options.Flip);
                return decoder == DecoderBackend.GStreamer
                    ? Piped(GstLaunchCommand.Create(pipeline, width > 0 ? width : CsiPipeline.DefaultWidth, height > 0 ? height : CsiPipeline.DefaultHeight, CsiHint))
                    : new VideoCaptureSource(new CaptureSpec(uri.Display, pipeline, VideoCaptureAPIs.GSTREAMER, [], [], true, CsiHint));

            case SourceKind.GStreamer:
                return decoder == DecoderBackend.GStreamer
                    ? Piped(GstLaunchCommand.Create(uri.Target, width, height, PipelineHint))
                    : new VideoCaptureSource(new CaptureSpec(uri.Display, uri.Target, VideoCaptureAPIs.GSTREAMER, [], [], true, PipelineHint + " and that it ends in appsink"));

            case SourceKind.Rtsp or SourceKind.Rtmp:
                return decoder == DecoderBackend.Ffmpeg ? Piped(FfmpegCommand.Network(uri.Target, uri.Kind, options, StreamHint)) : new VideoCaptureSource(Network(uri, options));

            case SourceKind.Http:
                return new HttpStreamSource(uri.Target, uri.Display, options.OpenTimeout,
                    decoder == DecoderBackend.Ffmpeg ? Piped(FfmpegCommand.Network(uri.Target, uri.Kind, options, StreamHint)) : new VideoCaptureSource(Network(uri, options)));

            case SourceKind.Test:
                var w = width > 0 ? width : TestPatternSource.DefaultWidth;
                var h = height > 0 ? height : TestPatternSource.DefaultHeight;
                if (w < 64 || h < 16) throw new ArgumentException($"Source.Uri test pattern must be at least 64x16; got {w}x{h}.", "Source.Uri");
                return new TestPatternSource(uri.Display, w, h, uri.Int("fps", 0, 1000) ?? (options.Fps > 0 ? options.Fps : TestPatternSource.DefaultFps), time);

            default:
                throw new ArgumentException($"Source.Uri kind {uri.Kind} has no reader.", "Source.Uri");
        }
    }

    private static CaptureSpec V4l2(SourceUri uri, int width, int height, int fps, string? fourcc)
    {
        var settings = new List<(VideoCaptureProperties, double)>();
        if (fourcc is { Length: 4 }) settings.Add((VideoCaptureProperties.FourCC, FourCC.FromString(fourcc).ToInt32()));
        else if (fourcc is not null) throw new ArgumentException($"Source.Uri query \"format={fourcc}\" must be a four-character code such as MJPG or YUYV.", "Source.Uri");
        if (width > 0) settings.Add((VideoCaptureProperties.FrameWidth, width));
        if (height > 0) settings.Add((VideoCaptureProperties.FrameHeight, height));
        if (fps > 0) settings.Add((VideoCaptureProperties.Fps, fps));
        settings.Add((VideoCaptureProperties.BufferSize, 1));
        return new CaptureSpec(uri.Display, uri.Target, VideoCaptureAPIs.V4L2, [], settings, false,
            "check that the device exists (v4l2-ctl --list-devices), that no other process holds it, and the user is in the video group");
    }

    private static CaptureSpec Network(SourceUri uri, SourceOptions options) => new(
        uri.Display,
        uri.Target,
        VideoCaptureAPIs.FFMPEG,
        [OpenTimeoutProperty, Milliseconds(options.OpenTimeout), ReadTimeoutProperty, Milliseconds(options.StallTimeout)],
        [],
        false,
        NetworkHint);

    private static string Name(DecoderBackend decoder) => decoder switch
    {
        DecoderBackend.Ffmpeg => DecoderTools.Ffmpeg,
        DecoderBackend.GStreamer => DecoderTools.GstLaunch,
        _ => "opencv",
    };

    private static int Milliseconds(TimeSpan span) => (int)Math.Clamp(span.TotalMilliseconds, 1, int.MaxValue);
}
