namespace DeepSeek.Edge.Models.Packaging.Chunks;

/// <summary>A received chunk (or the assembled package) that does not match the chunk manifest: which chunk, expected and actual.</summary>
public sealed class ChunkException : Exception
{
    public ChunkException(int index, string problem)
        : base(index < 0 ? $"package: {problem}" : $"chunk {index}: {problem}")
    {
        Index = index;
    }

    public ChunkException() : base("chunk check failed") { Index = -1; }

    public ChunkException(string message) : base(message) { Index = -1; }

    public ChunkException(string message, Exception inner) : base(message, inner) { Index = -1; }

    /// <summary>The chunk, or -1 for the whole package.</summary>
    public int Index { get; }
}
