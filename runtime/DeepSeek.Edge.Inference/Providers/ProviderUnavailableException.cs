namespace DeepSeek.Edge.Inference.Providers;

/// <summary>The provider chain could not serve a model (every provider failed, or a required one did).</summary>
public sealed class ProviderUnavailableException : Exception
{
    public ProviderUnavailableException(string message, IReadOnlyList<ProviderAttempt> attempts)
        : base(message + " " + string.Join("; ", attempts.Where(a => !a.Succeeded).Select(a => $"{a.Provider.Name()}: {a.Reason}")))
    {
        Attempts = attempts;
    }

    public ProviderUnavailableException() : base("no execution provider available") { Attempts = []; }

    public ProviderUnavailableException(string message) : base(message) { Attempts = []; }

    public ProviderUnavailableException(string message, Exception inner) : base(message, inner) { Attempts = []; }

    public IReadOnlyList<ProviderAttempt> Attempts { get; }
}
