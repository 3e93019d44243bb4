using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// Where a camera's frames come from and how the source is supervised. Values in the URI's query
/// (<c>file:a.avi?loop=true</c>, <c>v4l2:/dev/video0?width=1280&amp;height=720&amp;fps=30&amp;format=MJPG</c>,
/// <c>csi://0?width=1920&amp;height=1080&amp;fps=30&amp;flip=2</c>, <c>test:?width=320&amp;height=240&amp;fps=15</c>) override these.
/// </summary>
public sealed partial class SourceOptions
{
    /// <summary>
    /// <c>file:&lt;path&gt;</c> (video or folder of images; a bare path works too), <c>v4l2:/dev/videoN</c>, <c>csi://N</c>,
    /// <c>rtsp://...</c>, <c>rtmp://...</c>, <c>http(s)://...</c>, <c>gst:&lt;pipeline&gt;</c> or <c>test:</c>.
    /// </summary>
    public string Uri { get; set; } = "";

    /// <summary>Files: start again at the end instead of ending.</summary>
    public bool Loop { get; set; }

    /// <summary>Files: deliver frames at the file's frame rate (or <see cref="Fps"/>) instead of as fast as they decode.</summary>
    public bool RealTime { get; set; }

    /// <summary>Requested frame width (cameras, test pattern); 0 leaves the source's default.</summary>
    public int Width { get; set; }

    /// <summary>Requested frame height (cameras, test pattern); 0 leaves the source's default.</summary>
    public int Height { get; set; }

    /// <summary>Requested frames per second (cameras, test pattern, image folders with <see cref="RealTime"/>); 0 leaves the default. <c>test:?fps=0</c> draws as fast as it can.</summary>
    public int Fps { get; set; }

    /// <summary>Requested pixel format as a FOURCC, e.g. <c>MJPG</c> or <c>YUYV</c> (V4L2); null leaves the default.</summary>
    public string? PixelFormat { get; set; }

    /// <summary>CSI cameras: nvvidconv flip-method, 0-7 (0 none, 2 rotate 180).</summary>
    public int Flip { get; set; }

    public BackpressureMode Backpressure { get; set; } = BackpressureMode.Auto;

    /// <summary>What decodes the frames: <c>auto</c> (default), <c>opencv</c>, <c>ffmpeg</c> or <c>gstreamer</c> (see <see cref="DecoderBackend"/>).</summary>
    public DecoderBackend Decoder { get; set; } = DecoderBackend.Auto;

    /// <summary>RTSP through ffmpeg: the transport, <c>tcp</c> (default: no lost packets, works through NAT), <c>udp</c>, <c>udp_multicast</c> or <c>http</c>.</summary>
    public string RtspTransport { get; set; } = "tcp";

    /// <summary>ffmpeg: a hardware decoder for <c>-hwaccel</c> (e.g. <c>vaapi</c>, <c>cuda</c>, <c>drm</c>); null decodes on the CPU.</summary>
    public string? HwAccel { get; set; }

    /// <summary>Live sources: a read that waits this long without a frame marks the source stalled, and it is reopened.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Network sources: how long to wait for a connection.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay between reopen attempts; it doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reopen attempts in a row before the source is marked failed; the default retries for ever.</summary>
    public int MaxReconnectAttempts { get; set; } = int.MaxValue;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option (prefixed with <paramref name="path"/>).</summary>
    public void Validate(string path = "Source")
    {
        if (string.IsNullOrWhiteSpace(Uri))
            throw Bad(path, nameof(Uri), "is empty; give file:<path>, v4l2:/dev/videoN, csi://N, rtsp://..., http(s)://..., gst:<pipeline> or test:");
        if (Width < 0) throw Bad(path, nameof(Width), $"must be 0 (source default) or positive; got {Width}");
        if (Height < 0) throw Bad(path, nameof(Height), $"must be 0 (source default) or positive; got {Height}");
        if (Fps < 0) throw Bad(path, nameof(Fps), $"must be 0 (source default) or positive; got {Fps}");
        if (PixelFormat is { } fourcc && fourcc.Length != 4)
            throw Bad(path, nameof(PixelFormat), $"must be a four-character code such as MJPG or YUYV; got \"{fourcc}\"");
        if (Flip is < 0 or > 7) throw Bad(path, nameof(Flip), $"must be an nvvidconv flip-method from 0 to 7; got {Flip}");
        if (!Enum.IsDefined(Backpressure)) throw Bad(path, nameof(Backpressure), $"is not one of Auto, DropOldest, Wait; got {Backpressure}");
        if (!Enum.IsDefined(Decoder)) throw Bad(path, nameof(Decoder), $"is not one of Auto, OpenCv, Ffmpeg, GStreamer; got {Decoder}");
        if (RtspTransport is not ("tcp" or "udp" or "udp_multicast" or "http"))
            throw Bad(path, nameof(RtspTransport), $"must be tcp, udp, udp_multicast or http; got \"{RtspTransport}\"");
        if (HwAccel is { } hw && !HwAccelName().IsMatch(hw))
            throw Bad(path, nameof(HwAccel), $"must be an ffmpeg -hwaccel name such as vaapi, cuda or drm; got \"{hw}\"");
        if (StallTimeout <= TimeSpan.Zero) throw Bad(path, nameof(StallTimeout), $"must be more than zero; got {StallTimeout}");
        if (OpenTimeout <= TimeSpan.Zero) throw Bad(path, nameof(OpenTimeout), $"must be more than zero; got {OpenTimeout}");
        if (ReconnectDelay <= TimeSpan.Zero) throw Bad(path, nameof(ReconnectDelay), $"must be more than zero; got {ReconnectDelay}");
        if (ReconnectMaxDelay < ReconnectDelay)
            throw Bad(path, nameof(ReconnectMaxDelay), $"must be at least ReconnectDelay ({ReconnectDelay}); got {ReconnectMaxDelay}");
        if (MaxReconnectAttempts < 1) throw Bad(path, nameof(MaxReconnectAttempts), $"must be 1 or more; got {MaxReconnectAttempts}");
        var uri = SourceUri.Parse(Uri, $"{path}.{nameof(Uri)}");
        if (Decoder != DecoderBackend.Auto) Piped.DecoderChoice.Pick(uri.Kind, Decoder, $"{path}.{nameof(Decoder)}");
    }

    [GeneratedRegex(@"\A[a-z0-9_]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex HwAccelName();

    private static ArgumentException Bad(string path, string option, string problem) =>
        new($"{path}.{option} {problem}.", $"{path}.{option}");
}
