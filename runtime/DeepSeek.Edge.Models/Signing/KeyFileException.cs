namespace DeepSeek.Edge.Models.Signing;

/// <summary>A key file (PEM) that cannot be used: unreadable, the wrong kind of key, or not ECDSA P-256. Names the file and the fix.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(string path, string problem)
        : base($"key file \"{path}\": {problem}")
    {
        FilePath = path;
    }

    public KeyFileException() : base("unusable key file") { FilePath = ""; }

    public KeyFileException(string message) : base(message) { FilePath = ""; }

    public KeyFileException(string message, Exception inner) : base(message, inner) { FilePath = ""; }

    public string FilePath { get; }
}
