namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>What a source URI names, by scheme.</summary>
public enum SourceKind
{
    /// <summary><c>file:&lt;path&gt;</c> (or a bare path): a video file or a folder of images.</summary>
    File,

    /// <summary><c>v4l2:/dev/videoN</c>: a USB (UVC) camera through Video4Linux2.</summary>
    V4l2,

    /// <summary><c>csi://N</c>: a Jetson CSI camera through GStreamer's nvarguscamerasrc.</summary>
    Csi,

    /// <summary><c>rtsp://</c> or <c>rtsps://</c>: a network camera stream.</summary>
    Rtsp,

    /// <summary><c>http://</c> or <c>https://</c>: MJPEG over HTTP (multipart/x-mixed-replace), or any stream FFmpeg reads.</summary>
    Http,

    /// <summary><c>gst:&lt;pipeline&gt;</c>: a raw GStreamer pipeline ending in an appsink.</summary>
    GStreamer,

    /// <summary><c>test:</c>: a synthetic moving pattern, paced like a camera.</summary>
    Test,

    /// <summary><c>rtmp://</c> or <c>rtmps://</c>: a stream read by an ffmpeg process.</summary>
    Rtmp,
}
