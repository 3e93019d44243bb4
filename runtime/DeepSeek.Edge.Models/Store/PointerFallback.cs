namespace DeepSeek.Edge.Models.Store;

/// <summary>
/// A camera whose active model failed its check at recovery: what it pointed at, what it points at now (the previous
/// version, or null when there was none usable and the camera has no model), and why.
/// </summary>
public sealed record PointerFallback(string Camera, ModelRef? From, ModelRef? To, string Reason);
