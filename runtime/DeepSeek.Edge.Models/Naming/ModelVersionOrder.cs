namespace DeepSeek.Edge.Models.Naming;

/// <summary>
/// Orders the versions of one model, newest first (<c>ds-edge model gc</c>, the device's anti-rollback check). When every version is dotted numeric (digits
/// separated by dots: <c>1.10.0</c>, <c>2</c>, <c>2024.06.1</c>) they compare part by part as numbers (<c>1.10.0</c> is newer than
/// <c>1.9.0</c>; a missing part counts as 0). When any version is not, all of them compare as ordinal strings, so the order is
/// always a total one. Equal versions (<c>1.2</c>, <c>1.2.0</c>) are ordered ordinally.
/// </summary>
public static class ModelVersionOrder
{
    /// <summary>The versions newest first, and whether they were compared as numbers.</summary>
    public static (IReadOnlyList<string> NewestFirst, bool Numeric) Sort(IEnumerable<string> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var list = versions.Distinct(StringComparer.Ordinal).ToList();
        var numeric = list.TrueForAll(IsDottedNumeric);
        list.Sort((a, b) =>
        {
            var byValue = numeric ? CompareNumeric(a, b) : 0;
            return byValue != 0 ? -byValue : -string.CompareOrdinal(a, b);
        });
        return (list, numeric);
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is older than <paramref name="current"/>: both dotted numeric and lower part by
    /// part. Versions that are not both dotted numeric have no age order, so neither is older.
    /// </summary>
    public static bool IsOlder(string candidate, string current) =>
        IsDottedNumeric(candidate) && IsDottedNumeric(current) && CompareNumeric(candidate, current) < 0;

    public static bool IsDottedNumeric(string version) =>
        !string.IsNullOrEmpty(version) && version.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit));

    private static int CompareNumeric(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length ? x[i].TrimStart('0') : string.Empty;
            var q = i < y.Length ? y[i].TrimStart('0') : string.Empty;
            var order = p.Length != q.Length ? p.Length.CompareTo(q.Length) : string.CompareOrdinal(p, q);
            if (order != 0) return order;
        }

        return 0;
    }
}
