using System.Security.Cryptography;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>Reads the PEM blocks of a key file and checks that a key is ECDSA on the P-256 curve.</summary>
internal static class PemKeys
{
    public const string PublicKeyLabel = "PUBLIC KEY";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Every PEM block of <paramref name="text"/>, as (label, DER bytes), in file order.</summary>
    public static List<(string Label, byte[] Der)> Blocks(string text, string path)
    {
        var blocks = new List<(string, byte[])>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(rest.Span[fields.Base64Data], der, out _))
                throw new KeyFileException(path, $"the \"{label}\" block is not valid base64");
            blocks.Add((label, der));
            rest = rest[fields.Location.End..];
        }

        if (blocks.Count == 0)
            throw new KeyFileException(path, "has no PEM block (-----BEGIN ...-----); give a key written by `ds-edge model keygen`");
        return blocks;
    }

    public static void RequireP256(ECDsa key, string path)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "secp256r1"))
            throw new KeyFileException(path, $"is an ECDSA key on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(unnamed)"}; packages are signed with ES256, which needs P-256");
    }

    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be read: {ex.Message}");
        }
    }
}
