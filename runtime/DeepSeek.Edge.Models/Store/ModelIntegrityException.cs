namespace DeepSeek.Edge.Models.Store;

/// <summary>A file of a model package that is missing or does not match its manifest entry (size or SHA-256).</summary>
public sealed class ModelIntegrityException : Exception
{
    public ModelIntegrityException(string path, string problem)
        : base($"model file \"{path}\": {problem}")
    {
        FilePath = path;
    }

    public ModelIntegrityException() : base("model integrity check failed") { FilePath = ""; }

    public ModelIntegrityException(string message) : base(message) { FilePath = ""; }

    public ModelIntegrityException(string message, Exception inner) : base(message, inner) { FilePath = ""; }

    public string FilePath { get; }
}
