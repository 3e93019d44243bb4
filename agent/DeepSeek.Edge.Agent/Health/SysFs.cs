using System.Globalization;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>Reads small procfs/sysfs nodes; a node that is missing or cannot be read gives null, never an exception.</summary>
internal static class SysFs
{
    public static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Some sysfs nodes exist but refuse reads (a disabled thermal zone answers EINVAL).
            return null;
        }
    }

    public static long? ReadLong(string path) =>
        long.TryParse(ReadText(path)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string? ReadLine(string path) => ReadText(path)?.Trim() is { Length: > 0 } line ? line : null;

    /// <summary>Subdirectories of <paramref name="directory"/> matching <paramref name="pattern"/> (symlinked ones too), in natural order.</summary>
    public static IReadOnlyList<string> Directories(string directory, string pattern)
    {
        try
        {
            if (!Directory.Exists(directory)) return [];
            var found = Directory.GetDirectories(directory, pattern);
            Array.Sort(found, NaturalOrder);
            return found;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>thermal_zone2 before thermal_zone10: compares the trailing numbers, then the text.</summary>
    private static int NaturalOrder(string a, string b)
    {
        var (prefixA, numberA) = Split(a);
        var (prefixB, numberB) = Split(b);
        var byPrefix = string.CompareOrdinal(prefixA, prefixB);
        return byPrefix != 0 ? byPrefix : numberA.CompareTo(numberB);
    }

    private static (string Prefix, long Number) Split(string path)
    {
        var end = path.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(path[start - 1])) start--;
        return start == end || end - start > 18
            ? (path, -1)
            : (path[..start], long.Parse(path.AsSpan(start), CultureInfo.InvariantCulture));
    }
}
