namespace DeepSeek.Edge.Inference.Providers;

/// <summary>One provider of the chain and what happened when the model was loaded with it.</summary>
public sealed record ProviderAttempt(ExecutionProvider Provider, bool Succeeded, string? Reason);
