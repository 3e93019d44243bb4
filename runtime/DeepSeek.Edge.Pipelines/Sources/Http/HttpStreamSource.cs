using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources.Http;

/// <summary>
/// <c>http(s)://</c>: MJPEG (multipart) streams are read directly; anything else (HLS, a video file served over HTTP)
/// is handed to the fallback: an ffmpeg process, or OpenCV's FFmpeg (which needs a build with network protocols).
/// </summary>
internal sealed class HttpStreamSource : IFrameSource
{
    private readonly MjpegHttpSource _mjpeg;
    private readonly IFrameSource _fallback;
    private bool _usingMjpeg;

    public HttpStreamSource(string url, string display, TimeSpan openTimeout, IFrameSource fallback)
    {
        Description = display;
        _mjpeg = new MjpegHttpSource(url, display, openTimeout);
        _fallback = fallback;
    }

    public string Description { get; }

    public bool IsLive => true;

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        Close();
        if (_mjpeg.TryOpen(cancellationToken))
        {
            _usingMjpeg = true;
            return new SourceInfo(0, 0, 0, "mjpeg-http");
        }

        return _fallback.Open(cancellationToken);
    }

    public bool Read(Mat into, CancellationToken cancellationToken)
    {
        if (!_usingMjpeg) return _fallback.Read(into, cancellationToken);
        _mjpeg.Read(into, cancellationToken);
        return true;
    }

    public void Close()
    {
        _usingMjpeg = false;
        _mjpeg.Close();
        _fallback.Close();
    }

    public void Dispose()
    {
        _mjpeg.Dispose();
        _fallback.Dispose();
    }
}
