using System.Text;
using System.Text.Json;

namespace DeepSeek.Edge.Models.Signing;

/// <summary>
/// <c>manifest.sig</c>: a detached ES256 signature (ECDSA P-256, SHA-256) over the exact bytes of <c>manifest.json</c>.
/// JSON <c>{"schema":"deepseek-edge/signature/v1","key_id":"…","algorithm":"ES256","signature":"…"}</c>, where
/// <c>signature</c> is the base64 of the 64-byte IEEE P1363 form (r || s, 32 bytes each, as in JWS).
/// </summary>
public sealed class ManifestSignature
{
    public const string FileName = "manifest.sig";
    public const string SchemaV1 = "deepseek-edge/signature/v1";
    public const string ES256 = "ES256";

    /// <summary>Size of an ES256 signature in IEEE P1363 form.</summary>
    public const int SignatureBytes = 64;

    /// <summary>A larger <c>manifest.sig</c> is refused before it is parsed.</summary>
    public const int MaxFileBytes = 16 * 1024;

    public ManifestSignature(string keyId, byte[] signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(signature);
        KeyId = keyId;
        Signature = signature;
    }

    public string KeyId { get; }

    public string Algorithm => ES256;

    /// <summary>r || s, 32 bytes each.</summary>
    public byte[] Signature { get; }

    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", SchemaV1);
            json.WriteString("key_id", KeyId);
            json.WriteString("algorithm", Algorithm);
            json.WriteString("signature", Convert.ToBase64String(Signature));
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Parses <c>manifest.sig</c>; <paramref name="source"/> names the package in errors.</summary>
    public static ManifestSignature Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        if (utf8Json.Length > MaxFileBytes)
            throw new SignatureException(source, $"{FileName} is {utf8Json.Length} bytes, over the {MaxFileBytes}-byte limit; it is not a signature file");

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(utf8Json.ToArray());
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new SignatureException(source, $"{FileName} is not valid JSON ({ex.Message}); re-sign the package");
        }

        if (root.ValueKind != JsonValueKind.Object) throw new SignatureException(source, $"{FileName} is not a JSON object; re-sign the package");
        var schema = Field(root, "schema", source);
        if (schema != SchemaV1)
            throw new SignatureException(source, $"{FileName} has schema \"{schema}\"; this runtime reads \"{SchemaV1}\"");
        var keyId = Field(root, "key_id", source);
        var algorithm = Field(root, "algorithm", source);
        if (algorithm != ES256)
            throw new SignatureException(source, $"{FileName} uses algorithm \"{algorithm}\"; only {ES256} (ECDSA P-256 with SHA-256) is accepted", keyId);

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Field(root, "signature", source));
        }
        catch (FormatException)
        {
            throw new SignatureException(source, $"{FileName}: \"signature\" is not base64; re-sign the package", keyId);
        }

        if (signature.Length != SignatureBytes)
            throw new SignatureException(source, $"{FileName}: the signature is {signature.Length} bytes; ES256 in IEEE P1363 form is {SignatureBytes} (r || s)", keyId);
        return new ManifestSignature(keyId, signature);
    }

    private static string Field(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : throw new SignatureException(source, $"{FileName} has no \"{name}\" string; re-sign the package");

    public override string ToString() => Encoding.UTF8.GetString(ToJsonBytes());
}
