using OpenCvSharp;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// The hardware seam of a camera pipeline: something that yields BGR frames. Capture APIs block (OpenCV, V4L2,
/// GStreamer), so the seam is synchronous and each camera calls it from its own capture thread; a blocked camera never
/// holds a thread-pool thread or another camera. A source may be opened again after <see cref="Close"/> (reconnects).
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The source as logs and results name it (credentials removed).</summary>
    string Description { get; }

    /// <summary>A camera or stream (frames keep coming, old ones may be dropped) rather than a file (every frame matters).</summary>
    bool IsLive { get; }

    /// <summary>Opens (or reopens) the source.</summary>
    /// <exception cref="FrameSourceException">It cannot be opened; <see cref="FrameSourceException.Transient"/> says whether to retry.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    SourceInfo Open(CancellationToken cancellationToken);

    /// <summary>
    /// Blocks until the next frame is in <paramref name="into"/> (its pixels are reused when the size is unchanged).
    /// Returns false at the end of a file. Cancelling the token aborts a read that waits (sources whose native read
    /// cannot be interrupted bound it with their own read timeout instead).
    /// </summary>
    /// <exception cref="FrameSourceException">The read failed (a stream broke, a camera went away).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    bool Read(Mat into, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="Read"/>, for a frame the model will not see: the source advances past it as cheaply as it can
    /// (OpenCV sources grab without retrieve, so the frame is neither decoded into pixels nor colour-converted).
    /// <paramref name="scratch"/> may receive pixels, or not; they are never used. The default reads the frame.
    /// </summary>
    bool Pass(Mat scratch, CancellationToken cancellationToken) => Read(scratch, cancellationToken);

    /// <summary>Releases the connection or device; <see cref="Open"/> may be called again.</summary>
    void Close();
}
