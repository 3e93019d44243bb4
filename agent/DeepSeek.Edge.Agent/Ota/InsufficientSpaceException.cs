namespace DeepSeek.Edge.Agent.Ota;

/// <summary>The store's disk cannot take the package now; tried again later (garbage collection or an operator may free space).</summary>
public sealed class InsufficientSpaceException : IOException
{
    public InsufficientSpaceException() { }

    public InsufficientSpaceException(string message) : base(message) { }

    public InsufficientSpaceException(string message, Exception inner) : base(message, inner) { }
}
