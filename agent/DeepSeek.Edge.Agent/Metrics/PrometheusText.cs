using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>Names, labels and numbers in the Prometheus text format 0.0.4.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The metric name of an instrument: invalid characters (dots) become underscores, a unit of ms, s or
    /// bytes adds _ms, _seconds or _bytes, and a counter ends in _total. Annotations like {frame} add nothing.
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, bool counter)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = unit switch
        {
            "ms" => "_ms",
            "s" => "_seconds",
            "By" or "byte" or "bytes" => "_bytes",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal)) name += suffix;
        if (counter && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        return name;
    }

    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>The series' labels as written between the braces, sorted by name: <c>a="x",b="y"</c>; empty for none.</summary>
    public static string LabelKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return "";
        var sorted = tags.ToArray();
        if (sorted.Length > 1) Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(LabelName(key)).Append("=\"");
            AppendEscaped(text, FormatTag(value), escapeQuote: true);
            text.Append('"');
        }

        return text.ToString();
    }

    /// <summary>Label value: backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value) => AppendEscaped(new StringBuilder(), value, escapeQuote: true).ToString();

    /// <summary>HELP text: backslash and line feed escaped.</summary>
    public static string EscapeHelp(string value) => AppendEscaped(new StringBuilder(), value, escapeQuote: false).ToString();

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string FormatTag(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static StringBuilder AppendEscaped(StringBuilder text, string value, bool escapeQuote)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '\n': text.Append(@"\n"); break;
                case '"' when escapeQuote: text.Append("\\\""); break;
                default: text.Append(c); break;
            }
        }

        return text;
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0) return "_";
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':'))) chars[i] = '_';
        }

        var result = new string(chars);
        return char.IsAsciiDigit(result[0]) ? "_" + result : result;
    }
}
