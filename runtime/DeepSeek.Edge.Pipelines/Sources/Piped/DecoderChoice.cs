namespace DeepSeek.Edge.Pipelines.Sources.Piped;

/// <summary>Which backend decodes a source of a given kind: the one configured, or for <see cref="DecoderBackend.Auto"/> the one that works here.</summary>
internal static class DecoderChoice
{
    /// <summary>The backend and why it was picked.</summary>
    /// <exception cref="ArgumentException">The configured backend cannot read this kind of source.</exception>
    public static (DecoderBackend Backend, string Why) Pick(SourceKind kind, DecoderBackend requested, string optionPath = "Source.Decoder")
    {
        var network = kind is SourceKind.Rtsp or SourceKind.Rtmp or SourceKind.Http;
        var pipeline = kind is SourceKind.GStreamer or SourceKind.Csi;
        switch (requested)
        {
            case DecoderBackend.OpenCv when kind != SourceKind.Rtmp:
                return (DecoderBackend.OpenCv, "configured");
            case DecoderBackend.Ffmpeg when network || kind == SourceKind.File:
                return (DecoderBackend.Ffmpeg, "configured");
            case DecoderBackend.GStreamer when pipeline:
                return (DecoderBackend.GStreamer, "configured");
            case DecoderBackend.Auto:
                break;
            default:
                throw new ArgumentException(
                    $"{optionPath} is {requested}, which cannot read {kind} sources; ffmpeg reads file:, rtsp://, rtmp:// and http(s)://, " +
                    "gstreamer reads gst: and csi://, opencv reads all but rtmp://; or use auto.", optionPath);
        }

        if (network)
        {
            return DecoderTools.Find(DecoderTools.Ffmpeg) is { } ffmpeg
                ? (DecoderBackend.Ffmpeg, $"auto: {ffmpeg} found; it reads network streams, which OpenCV's bundled FFmpeg may not")
                : kind == SourceKind.Rtmp
                    ? (DecoderBackend.Ffmpeg, "auto: rtmp:// needs ffmpeg, which is not on the PATH; install Debian's ffmpeg")
                    : (DecoderBackend.OpenCv, "auto: ffmpeg is not on the PATH, so OpenCV's FFmpeg is used (the official OpenCvSharp runtime's has no network protocols; install Debian's ffmpeg)");
        }

        if (pipeline)
        {
            if (VideoIoSupport.HasGStreamer) return (DecoderBackend.OpenCv, "auto: OpenCV was built with GStreamer");
            return DecoderTools.Find(DecoderTools.GstLaunch) is { } gst
                ? (DecoderBackend.GStreamer, $"auto: OpenCV has no GStreamer; {gst} found")
                : (DecoderBackend.OpenCv, "auto: neither OpenCV's GStreamer nor gst-launch-1.0 is available");
        }

        return (DecoderBackend.OpenCv, "auto: read by OpenCV");
    }
}
