namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>What decodes a source's frames (<see cref="SourceOptions.Decoder"/>).</summary>
public enum DecoderBackend
{
    /// <summary>
    /// Picks what works: network streams through an <c>ffmpeg</c> process when one is on the PATH; <c>gst:</c> and
    /// <c>csi://</c> through OpenCV when it has GStreamer, else through a <c>gst-launch-1.0</c> process; the rest through OpenCV.
    /// </summary>
    Auto,

    /// <summary>OpenCV's own <c>VideoCapture</c> (its bundled FFmpeg, V4L2 or GStreamer).</summary>
    OpenCv,

    /// <summary>A supervised <c>ffmpeg</c> child process writing raw BGR frames to a pipe (files, <c>rtsp://</c>, <c>rtmp://</c>, <c>http(s)://</c>).</summary>
    Ffmpeg,

    /// <summary>A supervised <c>gst-launch-1.0</c> child process writing raw BGR frames to a pipe (<c>gst:</c>, <c>csi://</c>).</summary>
    GStreamer,
}
