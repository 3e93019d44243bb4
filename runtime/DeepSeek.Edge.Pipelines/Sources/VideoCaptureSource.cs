using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// A live source read by OpenCV's <c>VideoCapture</c>: V4L2 cameras, CSI cameras and raw pipelines through GStreamer,
/// RTSP and HTTP streams through FFmpeg. Every failure is transient (reopened with backoff) except a missing backend.
/// </summary>
internal sealed class VideoCaptureSource : IFrameSource
{
    private readonly CaptureSpec _spec;
    private VideoCapture? _capture;

    public VideoCaptureSource(CaptureSpec spec)
    {
        _spec = spec;
    }

    public string Description => _spec.Display;

    public bool IsLive => true;

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Close();
        if (_spec.RequiresGStreamer && !VideoIoSupport.HasGStreamer)
            throw new FrameSourceException(_spec.Display, "needs GStreamer, but " + VideoIoSupport.GStreamerHelp, transient: false);
        if (_spec.Api == VideoCaptureAPIs.V4L2 && !File.Exists(_spec.Address))
            throw new FrameSourceException(_spec.Display, $"device {_spec.Address} is not present (camera unplugged, or another index?); {_spec.Hint}", transient: true);

        VideoCapture? capture = null;
        try
        {
            capture = new VideoCapture(_spec.Address, _spec.Api, _spec.OpenParameters);
            if (!capture.IsOpened())
                throw new FrameSourceException(_spec.Display, $"OpenCV ({_spec.Api}) could not open it; {_spec.Hint}", transient: true);
            foreach (var (property, value) in _spec.Settings) capture.Set(property, value);
            var info = new SourceInfo(capture.FrameWidth, capture.FrameHeight, capture.Fps, capture.GetBackendName());
            _capture = capture;
            return info;
        }
        catch (OpenCVException ex)
        {
            capture?.Dispose();
            throw new FrameSourceException(_spec.Display, $"OpenCV ({_spec.Api}) failed to open it: {ex.Message}; {_spec.Hint}", transient: true, ex);
        }
        catch
        {
            if (!ReferenceEquals(capture, _capture)) capture?.Dispose();
            throw;
        }
    }

    public bool Read(Mat into, CancellationToken cancellationToken) =>
        Next(static (c, m) => c.Read(m) && !m.Empty(), into, cancellationToken);

    /// <summary>Grabs the next frame without retrieving it (no conversion to BGR pixels).</summary>
    public bool Pass(Mat scratch, CancellationToken cancellationToken) => Next(static (c, _) => c.Grab(), scratch, cancellationToken);

    private bool Next(Func<VideoCapture, Mat, bool> advance, Mat into, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var capture = _capture ?? throw new InvalidOperationException($"source {_spec.Display} is not open");
        bool ok;
        try
        {
            ok = advance(capture, into);
        }
        catch (OpenCVException ex)
        {
            throw new FrameSourceException(_spec.Display, $"read failed: {ex.Message}", transient: true, ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!ok)
            throw new FrameSourceException(_spec.Display, "read failed: the stream ended or the device stopped delivering frames", transient: true);
        return true;
    }

    public void Close()
    {
        _capture?.Dispose();
        _capture = null;
    }

    public void Dispose() => Close();
}
