using DeepSeek.Edge.Pipelines.Sources;
using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>
/// A fake camera at the hardware seam: it plays the real frames of realshort.mp4 in a loop at a set rate, and can be
/// told to stall (stop delivering until the reader gives up), to fail reads or to fail opens.
/// </summary>
internal sealed class ScriptedSource : IFrameSource
{
    private readonly int _fps;
    private volatile bool _stall;
    private int _failReads;
    private int _failOpens;
    private int _opens;
    private long _frames;
    private volatile bool _open;

    public ScriptedSource(int fps = 40)
    {
        _fps = fps;
    }

    public string Description => "scripted:realshort";

    public bool IsLive => true;

    public int Opens => Volatile.Read(ref _opens);

    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>The next read blocks (delivers nothing) until the reader cancels it.</summary>
    public void Stall() => _stall = true;

    public void FailReads(int count) => Volatile.Write(ref _failReads, count);

    public void FailOpens(int count) => Volatile.Write(ref _failOpens, count);

    public SourceInfo Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _opens);
        if (Interlocked.Decrement(ref _failOpens) >= 0)
            throw new FrameSourceException(Description, "scripted open failure", transient: true);
        Volatile.Write(ref _failOpens, 0);
        _open = true;
        return new SourceInfo(320, 240, _fps, "scripted");
    }

    public bool Read(Mat into, CancellationToken cancellationToken)
    {
        if (!_open) throw new InvalidOperationException("read before open");
        if (_stall)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMinutes(1));
            _stall = false;
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (Interlocked.Decrement(ref _failReads) >= 0)
            throw new FrameSourceException(Description, "scripted read failure", transient: true);
        Volatile.Write(ref _failReads, 0);
        if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(1000.0 / _fps))) cancellationToken.ThrowIfCancellationRequested();
        var n = Interlocked.Increment(ref _frames) - 1;
        var frames = MediaFrames.Realshort;
        frames[(int)(n % frames.Count)].CopyTo(into);
        return true;
    }

    public void Close() => _open = false;

    public void Dispose() => _open = false;
}
