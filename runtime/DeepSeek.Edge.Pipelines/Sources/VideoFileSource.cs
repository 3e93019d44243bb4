using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>A video file decoded by FFmpeg: every frame in order, optionally looped and paced at the file's frame rate.</summary>
internal sealed class VideoFileSource : IFrameSource
{
    private readonly string _path;
    private readonly bool _loop;
    private readonly bool _realTime;
    private readonly double _fps;
    private readonly TimeProvider _time;
    private VideoCapture? _capture;
    private Pacer? _pacer;

    public VideoFileSource(string path, bool loop, bool realTime, double fps, TimeProvider time)
    {
        _path = path;
        _loop = loop;
        _realTime = realTime;
        _fps = fps;
        _time = time;
    }

    public string Description => "file:" + _path;

    public bool IsLive => false;

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Close();
        if (!File.Exists(_path))
            throw new FrameSourceException(Description, "does not exist; give a video file or a folder of images", transient: false);

        var capture = new VideoCapture(_path, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new FrameSourceException(Description, "is not a video FFmpeg can decode here", transient: false);
        }

        var fps = _fps > 0 ? _fps : capture.Fps is > 0 and < 1000 ? capture.Fps : 25;
        _pacer = _realTime ? new Pacer(_time, fps) : null;
        _capture = capture;
        var count = capture.FrameCount;
        return new SourceInfo(capture.FrameWidth, capture.FrameHeight, fps, capture.GetBackendName(), count > 0 ? count : null);
    }

    public bool Read(Mat into, CancellationToken cancellationToken) =>
        Next(static (c, m) => c.Read(m) && !m.Empty(), into, cancellationToken);

    /// <summary>Grabs the next frame without retrieving it: demuxed and decoded by FFmpeg, but never converted to BGR pixels.</summary>
    public bool Pass(Mat scratch, CancellationToken cancellationToken) => Next(static (c, _) => c.Grab(), scratch, cancellationToken);

    private bool Next(Func<VideoCapture, Mat, bool> advance, Mat into, CancellationToken cancellationToken)
    {
        var capture = _capture ?? throw new InvalidOperationException($"source {Description} is not open");
        if (!advance(capture, into))
        {
            if (!_loop) return false;
            capture.Set(VideoCaptureProperties.PosFrames, 0);
            if (!advance(capture, into)) return false;
        }

        _pacer?.Wait(cancellationToken);
        return true;
    }

    public void Close()
    {
        _capture?.Dispose();
        _capture = null;
    }

    public void Dispose() => Close();
}
