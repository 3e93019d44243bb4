namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// A source could not be opened or read. <see cref="Transient"/> failures (a camera unplugged, a server gone) are
/// retried with backoff; permanent ones (a missing file, a build without GStreamer) put the source in the failed state.
/// </summary>
public sealed class FrameSourceException : Exception
{
    public FrameSourceException(string source, string problem, bool transient, Exception? inner = null)
        : base($"source {source}: {problem}", inner)
    {
        Source = source;
        Transient = transient;
    }

    public FrameSourceException() : base("the frame source failed") { Source = ""; }

    public FrameSourceException(string message) : base(message) { Source = ""; }

    public FrameSourceException(string message, Exception inner) : base(message, inner) { Source = ""; }

    /// <summary>The source as logs name it (credentials removed).</summary>
    public new string Source { get; }

    /// <summary>Whether reopening later may succeed.</summary>
    public bool Transient { get; }
}
