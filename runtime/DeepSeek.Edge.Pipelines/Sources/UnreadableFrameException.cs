namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// One item of a source (an image of a folder) could not be decoded; the source itself is fine and the next read moves
/// on. The capture loop skips it, counts it (<c>dsedge.camera.source.unreadable</c>) and logs it with <see cref="Item"/>.
/// </summary>
public sealed class UnreadableFrameException : Exception
{
    public UnreadableFrameException(string item, string problem, Exception? inner = null)
        : base(problem, inner)
    {
        Item = item;
    }

    public UnreadableFrameException() : base("a frame could not be read") { Item = ""; }

    public UnreadableFrameException(string message) : base(message) { Item = ""; }

    public UnreadableFrameException(string message, Exception inner) : base(message, inner) { Item = ""; }

    /// <summary>What could not be read, e.g. the image file's name.</summary>
    public string Item { get; }
}
