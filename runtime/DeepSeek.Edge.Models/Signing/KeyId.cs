using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>
/// The id of a signing key: the first 16 hex digits of the SHA-256 of its public key (SubjectPublicKeyInfo, DER).
/// Anyone holding the public key can compute it, so a trust store needs no separate list of ids.
/// </summary>
public static class KeyId
{
    public const int Length = 16;

    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..Length];

    public static string Of(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Of(key.ExportSubjectPublicKeyInfo());
    }
}
