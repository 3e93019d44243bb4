namespace DeepSeek.Edge.Inference.Providers;

/// <summary>What to do when a provider of the chain cannot be used.</summary>
public enum ProviderPolicy
{
    /// <summary>Log why, count it, and try the next provider of the chain.</summary>
    Fallback,

    /// <summary>Fail the load: the first provider listed must serve the model.</summary>
    Require,
}
