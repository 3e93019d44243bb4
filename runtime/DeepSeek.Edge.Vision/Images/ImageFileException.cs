namespace DeepSeek.Edge.Vision.Images;

/// <summary>An image file that is missing or cannot be decoded. The message names the file and what to check.</summary>
public sealed class ImageFileException : IOException
{
    public ImageFileException(string path, string problem)
        : base($"image file \"{path}\": {problem}")
    {
        FilePath = path;
    }

    public ImageFileException() : base("image file could not be read") { FilePath = ""; }

    public ImageFileException(string message) : base(message) { FilePath = ""; }

    public ImageFileException(string message, Exception inner) : base(message, inner) { FilePath = ""; }

    public string FilePath { get; }
}
