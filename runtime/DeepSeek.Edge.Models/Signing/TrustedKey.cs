using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>One public key a device trusts, with the file it came from.</summary>
public sealed class TrustedKey
{
    private readonly byte[] _subjectPublicKeyInfo;

    public TrustedKey(byte[] subjectPublicKeyInfo, string source)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ArgumentException.ThrowIfNullOrEmpty(source);
        _subjectPublicKeyInfo = subjectPublicKeyInfo.ToArray();
        KeyId = Signing.KeyId.Of(subjectPublicKeyInfo);
        Source = source;
    }

    public string KeyId { get; }

    /// <summary>The PEM file (or other origin) the key was read from.</summary>
    public string Source { get; }

    public ReadOnlySpan<byte> SubjectPublicKeyInfo => _subjectPublicKeyInfo;

    /// <summary>True when <paramref name="signature"/> (IEEE P1363) is this key's ES256 signature of <paramref name="data"/>.</summary>
    public bool Verifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
