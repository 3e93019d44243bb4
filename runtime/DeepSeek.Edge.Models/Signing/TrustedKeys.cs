using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>
/// The public keys a device accepts manifest signatures from, looked up by key id. Several keys at once allow rotation:
/// trust the new key next to the old one, re-sign, then drop the old one.
/// </summary>
public sealed class TrustedKeys
{
    private readonly Dictionary<string, TrustedKey> _byId;

    private TrustedKeys(Dictionary<string, TrustedKey> byId) => _byId = byId;

    public IReadOnlyCollection<TrustedKey> Keys => _byId.Values;

    public IReadOnlyCollection<string> KeyIds => _byId.Keys;

    public static TrustedKeys Of(params IEnumerable<TrustedKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byId = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (byId.TryGetValue(key.KeyId, out var known))
            {
                if (!known.SubjectPublicKeyInfo.SequenceEqual(key.SubjectPublicKeyInfo))
                    throw new KeyFileException(key.Source, $"key id {key.KeyId} collides with a different key from {known.Source}; remove one of them");
                continue;
            }

            byId.Add(key.KeyId, key);
        }

        return new TrustedKeys(byId);
    }

    /// <summary>
    /// Loads public keys from PEM files and from directories (every <c>*.pem</c> in them, not recursive).
    /// A file may hold several "PUBLIC KEY" blocks. A private key is refused: devices must never hold one.
    /// </summary>
    public static TrustedKeys Load(params IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var keys = new List<TrustedKey>();
        var given = paths.ToList();
        foreach (var path in given)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.GetFiles(path, "*.pem").Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new KeyFileException(path, "is a directory without *.pem files; put the trusted public keys (public.pem) there");
                foreach (var file in files) keys.AddRange(FromPem(PemKeys.ReadText(file), file).Keys);
            }
            else if (File.Exists(path))
            {
                keys.AddRange(FromPem(PemKeys.ReadText(path), path).Keys);
            }
            else
            {
                throw new KeyFileException(path, "does not exist; give a public key PEM file or a directory of them");
            }
        }

        if (keys.Count == 0) throw new KeyFileException(string.Join(", ", given), "no trusted public key was given");
        return Of(keys);
    }

    /// <summary>Reads every "PUBLIC KEY" block of a PEM text; <paramref name="source"/> names it in errors.</summary>
    public static TrustedKeys FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var keys = new List<TrustedKey>();
        foreach (var (label, der) in PemKeys.Blocks(pem, source))
        {
            if (label != PemKeys.PublicKeyLabel)
            {
                throw new KeyFileException(source, label.Contains("PRIVATE", StringComparison.Ordinal)
                    ? $"holds a \"{label}\"; a trust store takes public keys only (public.pem): a device must never hold the signing key"
                    : $"holds a \"{label}\" block; expected \"{PemKeys.PublicKeyLabel}\"");
            }

            using var key = ECDsa.Create();
            try
            {
                key.ImportSubjectPublicKeyInfo(der, out _);
            }
            catch (CryptographicException ex)
            {
                throw new KeyFileException(source, $"is not an ECDSA public key ({ex.Message}); give a P-256 key written by `ds-edge model keygen`");
            }

            PemKeys.RequireP256(key, source);
            keys.Add(new TrustedKey(key.ExportSubjectPublicKeyInfo(), source));
        }

        return Of(keys);
    }

    public bool TryGet(string keyId, out TrustedKey key) => _byId.TryGetValue(keyId, out key!);

    /// <summary>
    /// Checks that <paramref name="signature"/> was made over exactly <paramref name="manifestBytes"/> by a trusted key.
    /// Throws <see cref="SignatureException"/> naming the key id (and the trusted ids when it is unknown). Returns the key.
    /// </summary>
    public TrustedKey Verify(ReadOnlySpan<byte> manifestBytes, ManifestSignature signature, string source)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!_byId.TryGetValue(signature.KeyId, out var key))
        {
            throw new SignatureException(source,
                $"is signed by key {signature.KeyId}, which is not trusted here (trusted: {Describe()}); add that key's public.pem to the trusted keys, or re-sign the package with a trusted key",
                signature.KeyId);
        }

        if (!key.Verifies(manifestBytes, signature.Signature))
        {
            throw new SignatureException(source,
                $"the signature by key {signature.KeyId} ({key.Source}) does not match manifest.json: the manifest was changed after signing or the signature is corrupt; re-sign the package",
                signature.KeyId);
        }

        return key;
    }

    /// <summary>"id (source), ..." for messages.</summary>
    public string Describe() =>
        _byId.Count == 0 ? "none" : string.Join(", ", _byId.Values.Select(k => $"{k.KeyId} ({k.Source})"));
}
