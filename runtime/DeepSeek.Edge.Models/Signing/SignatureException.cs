namespace DeepSeek.Edge.Models.Signing;

/// <summary>
/// A package or model directory whose manifest signature is missing, malformed, made by a key that is not trusted,
/// or does not match the manifest bytes. <see cref="KeyId"/> names the signing key when it is known.
/// </summary>
public sealed class SignatureException : Exception
{
    public SignatureException(string source, string problem, string? keyId = null)
        : base($"{source}: {problem}")
    {
        CheckedPath = source;
        KeyId = keyId;
    }

    public SignatureException() : base("manifest signature check failed") { CheckedPath = ""; }

    public SignatureException(string message) : base(message) { CheckedPath = ""; }

    public SignatureException(string message, Exception inner) : base(message, inner) { CheckedPath = ""; }

    /// <summary>The package or directory that was checked.</summary>
    public string CheckedPath { get; }

    /// <summary>The key id named by the signature, when the signature could be read.</summary>
    public string? KeyId { get; }
}
