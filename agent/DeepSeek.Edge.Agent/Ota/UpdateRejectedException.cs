namespace DeepSeek.Edge.Agent.Ota;

/// <summary>
/// An update that cannot succeed by trying again: the package is not what the desired state names, is too large, or the model
/// failed its swap or health window. It is not retried until a new desired-state document arrives.
/// </summary>
public sealed class UpdateRejectedException : Exception
{
    public UpdateRejectedException() : base("update rejected") { }

    public UpdateRejectedException(string message) : base(message) { }

    public UpdateRejectedException(string message, Exception inner) : base(message, inner) { }
}
