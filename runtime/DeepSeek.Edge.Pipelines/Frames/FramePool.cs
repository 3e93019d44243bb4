namespace DeepSeek.Edge.Pipelines.Frames;

/// <summary>
/// A fixed set of frames for one camera. Renting waits while every frame is in flight, which is how a file source is
/// held back when inference is slower; live pipelines are sized so that renting never waits.
/// </summary>
internal sealed class FramePool : IDisposable
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly Stack<Frame> _free;
    private bool _disposed;

    public FramePool(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _free = new Stack<Frame>(size);
        for (var i = 0; i < size; i++) _free.Push(new Frame());
    }

    public int Size { get; }

    public int Available
    {
        get
        {
            lock (_gate) return _free.Count;
        }
    }

    /// <summary>A free frame, waiting for one if need be; null when cancelled or disposed.</summary>
    public Frame? Rent(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_free.Count == 0)
            {
                if (_disposed || cancellationToken.IsCancellationRequested) return null;
                Monitor.Wait(_gate, WaitSlice);
            }

            if (_disposed || cancellationToken.IsCancellationRequested) return null;
            var frame = _free.Pop();
            frame.Reset();
            return frame;
        }
    }

    public void Return(Frame frame)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                frame.Dispose();
                return;
            }

            _free.Push(frame);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Frees the free frames now and any frame still in flight when it comes back.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_free.Count > 0) _free.Pop().Dispose();
            Monitor.PulseAll(_gate);
        }
    }
}
