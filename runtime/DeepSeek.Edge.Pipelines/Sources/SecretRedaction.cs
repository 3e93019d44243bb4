using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>
/// The one place secrets are taken out of text the device shows: the user-info of every URL
/// (<c>rtsp://admin:secret@cam/…</c> becomes <c>rtsp://***@cam/…</c>) and the values of query parameters named like a
/// secret (password, pass, pwd, token, key, secret, auth, signature, sig, credential; <c>?token=…</c> becomes
/// <c>?token=***</c>). Used for every output: MQTT documents, the HTTP status endpoint, command replies, logs and error texts.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>The text with every secret masked; null stays null.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || (!text.Contains('@', StringComparison.Ordinal) && !text.Contains('=', StringComparison.Ordinal))) return text;
        var masked = UserInfo().Replace(text, "://" + Mask + "@");
        return SecretParameter().Replace(masked, m => m.Groups["name"].Value + Mask);
    }

    /// <summary>True when <paramref name="text"/> holds something <see cref="Redact"/> would mask.</summary>
    public static bool HasSecret(string? text) => !string.Equals(Redact(text), text, StringComparison.Ordinal);

    // scheme://user[:password]@ — user-info ends at the last '@' before the host, never crosses '/', whitespace or quotes.
    [GeneratedRegex("""://[^/\s"'<>@]+@""", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex("""(?<name>[?&;](?:[\w.-]*?)(?:password|passwd|pass|pwd|token|secret|key|auth|signature|sig|credential)[\w.-]*=)[^&;#\s"'<>]*""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();
}
