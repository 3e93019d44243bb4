namespace DeepSeek.Edge.Agent.Ota;

/// <summary>The new model failed its health window and the previous model was swapped back in (reported as <c>rolled-back</c>).</summary>
public sealed class ModelRolledBackException : Exception
{
    public ModelRolledBackException() : base("rolled back") { }

    public ModelRolledBackException(string message) : base(message) { }

    public ModelRolledBackException(string message, Exception inner) : base(message, inner) { }
}
