using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>An ECDSA P-256 private key that signs manifests (trainer side). Never shipped to devices.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        KeyId = Signing.KeyId.Of(key);
    }

    public string KeyId { get; }

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a private key PEM (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY"); <paramref name="source"/> names it in errors.</summary>
    public static SigningKey FromPem(string pem, string source = "private key")
    {
        ArgumentNullException.ThrowIfNull(pem);
        var labels = PemKeys.Blocks(pem, source).Select(b => b.Label).ToList();
        if (labels.Contains("ENCRYPTED PRIVATE KEY"))
            throw new KeyFileException(source, "is an encrypted private key; decrypt it first (openssl pkcs8 -in KEY -out private.pem) or make one with `ds-edge model keygen`");
        if (!labels.Any(l => l is "PRIVATE KEY" or "EC PRIVATE KEY"))
            throw new KeyFileException(source, $"holds {string.Join(", ", labels.Select(l => $"\"{l}\""))} but no private key; signing needs private.pem, not public.pem");

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            PemKeys.RequireP256(key, source);
            return new SigningKey(key);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new KeyFileException(source, $"is not a usable ECDSA private key ({ex.Message})");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static SigningKey Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromPem(PemKeys.ReadText(path), path);
    }

    /// <summary>PKCS#8 "PRIVATE KEY" PEM.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>SubjectPublicKeyInfo "PUBLIC KEY" PEM: what devices trust.</summary>
    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    public ManifestSignature Sign(ReadOnlySpan<byte> manifestBytes) =>
        new(KeyId, _key.SignData(manifestBytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose() => _key.Dispose();
}
