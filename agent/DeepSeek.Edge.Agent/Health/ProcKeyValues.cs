using System.Globalization;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>Reads "Key:   1234 kB" lines, the format of /proc/meminfo and /proc/self/status, as bytes.</summary>
internal static class ProcKeyValues
{
    public static Dictionary<string, long> ReadKilobytes(string path)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        var text = SysFs.ReadText(path);
        if (text is null) return values;

        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var rest = line.AsSpan(colon + 1).Trim();
            if (!rest.EndsWith("kB", StringComparison.Ordinal)) continue;
            if (long.TryParse(rest[..^2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                values[line[..colon]] = kb * 1024;
            }
        }

        return values;
    }

    public static long? Get(Dictionary<string, long> values, string key) => values.TryGetValue(key, out var v) ? v : null;
}
