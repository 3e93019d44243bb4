using System.Globalization;

namespace DeepSeek.Edge.Pipelines.Sources;

/// <summary>A parsed source URI: its kind, what it points at, its query settings and a display form without credentials.</summary>
public sealed class SourceUri
{
    private static readonly Dictionary<SourceKind, string[]> QueryKeys = new()
    {
        [SourceKind.File] = ["loop", "realtime", "fps"],
        [SourceKind.V4l2] = ["width", "height", "fps", "format"],
        [SourceKind.Csi] = ["width", "height", "fps", "flip"],
        [SourceKind.Test] = ["width", "height", "fps"],
    };

    private readonly Dictionary<string, string> _query;
    private readonly string _optionPath;

    private SourceUri(SourceKind kind, string target, string display, Dictionary<string, string> query, string optionPath)
    {
        Kind = kind;
        Target = target;
        Display = display;
        _query = query;
        _optionPath = optionPath;
    }

    public SourceKind Kind { get; }

    /// <summary>The path, device, sensor id, URL or pipeline the URI names (query removed where the scheme has one).</summary>
    public string Target { get; }

    /// <summary>The URI as logs and results show it: passwords replaced by <c>***</c>.</summary>
    public string Display { get; }

    public IReadOnlyDictionary<string, string> Query => _query;

    /// <summary>Parses a source URI; errors name <paramref name="optionPath"/> and say what is accepted.</summary>
    public static SourceUri Parse(string uri, string optionPath = "Source.Uri")
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.Trim();
        if (text.Length == 0) throw Bad(optionPath, "is empty");

        if (Has(text, "rtsp://") || Has(text, "rtsps://")) return Whole(SourceKind.Rtsp, text, optionPath);
        if (Has(text, "http://") || Has(text, "https://")) return Whole(SourceKind.Http, text, optionPath);
        if (Has(text, "rtmp://") || Has(text, "rtmps://")) return Whole(SourceKind.Rtmp, text, optionPath);
        if (Has(text, "gst:"))
        {
            var pipeline = text[4..].Trim();
            if (pipeline.Length == 0) throw Bad(optionPath, "is \"gst:\" with no pipeline; give e.g. gst:videotestsrc ! videoconvert ! appsink");
            return new SourceUri(SourceKind.GStreamer, pipeline, text, [], optionPath);
        }

        if (Has(text, "csi://"))
        {
            var (sensor, query) = Split(text[6..]);
            if (!int.TryParse(sensor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw Bad(optionPath, $"is \"{text}\"; a CSI camera is csi://<sensor id>, e.g. csi://0");
            return Build(SourceKind.Csi, id.ToString(CultureInfo.InvariantCulture), text, query, optionPath);
        }

        if (Has(text, "v4l2:"))
        {
            var (device, query) = Split(text[5..]);
            if (device.StartsWith("///", StringComparison.Ordinal)) device = device[2..];
            if (device.Length == 0) throw Bad(optionPath, "is \"v4l2:\" with no device; give e.g. v4l2:/dev/video0");
            if (int.TryParse(device, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) device = $"/dev/video{index}";
            return Build(SourceKind.V4l2, device, text, query, optionPath);
        }

        if (Has(text, "test:"))
        {
            var (_, query) = Split(text[5..]);
            return Build(SourceKind.Test, "pattern", text, query, optionPath);
        }

        if (Has(text, "file:"))
        {
            var rest = text[5..];
            if (rest.StartsWith("//", StringComparison.Ordinal)) rest = rest[2..];
            var (path, query) = Split(rest);
            if (path.Length == 0) throw Bad(optionPath, "is \"file:\" with no path; give file:<video file or folder of images>");
            return Build(SourceKind.File, path, text, query, optionPath);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && text.AsSpan(0, colon).IndexOfAny('/', '\\', '.') < 0)
        {
            throw Bad(optionPath,
                $"has scheme \"{text[..colon]}:\", which is not known; use file:, v4l2:, csi://, rtsp://, rtmp://, http(s)://, gst: or test:");
        }

        return new SourceUri(SourceKind.File, text, text, [], optionPath);
    }

    /// <summary>An integer query setting, or null when absent.</summary>
    public int? Int(string key, int min, int max)
    {
        if (!_query.TryGetValue(key, out var raw)) return null;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Bad(_optionPath, $"query \"{key}={raw}\" must be a whole number from {min} to {max}");
        return value;
    }

    /// <summary>A true/false query setting (true, false, 1, 0, yes, no), or null when absent.</summary>
    public bool? Bool(string key)
    {
        if (!_query.TryGetValue(key, out var raw)) return null;
        return raw.ToLowerInvariant() switch
        {
            "" or "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw Bad(_optionPath, $"query \"{key}={raw}\" must be true or false"),
        };
    }

    public string? Text(string key) => _query.TryGetValue(key, out var raw) ? raw : null;

    public override string ToString() => Display;

    private static bool Has(string text, string scheme) => text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase);

    private static (string Target, string Query) Split(string rest)
    {
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (rest, "") : (rest[..q], rest[(q + 1)..]);
    }

    private static SourceUri Whole(SourceKind kind, string url, string optionPath)
    {
        if (!System.Uri.TryCreate(url, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
            throw Bad(optionPath, $"is \"{Redact(url)}\", which is not a valid URL");
        return new SourceUri(kind, url, Redact(url), [], optionPath);
    }

    private static SourceUri Build(SourceKind kind, string target, string original, string query, string optionPath)
    {
        var allowed = QueryKeys[kind];
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = System.Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).Trim();
            var value = eq < 0 ? "" : System.Uri.UnescapeDataString(pair[(eq + 1)..]).Trim();
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw Bad(optionPath, $"has query setting \"{key}\", which {kind} sources do not take; they take: {string.Join(", ", allowed)}");
            values[key] = value;
        }

        return new SourceUri(kind, target, original, values, optionPath);
    }

    /// <summary>Replaces the password of <c>scheme://user:password@host</c> with <c>***</c>.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        var hostStart = scheme + 3;
        var slash = url.IndexOf('/', hostStart);
        var authorityEnd = slash < 0 ? url.Length : slash;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - hostStart);
        if (at < 0) return url;
        var colon = url.IndexOf(':', hostStart, at - hostStart);
        return colon < 0 ? url : string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at));
    }

    private static ArgumentException Bad(string optionPath, string problem) => new($"{optionPath} {problem}.", optionPath);
}
