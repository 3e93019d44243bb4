namespace DeepSeek.Edge.Models.Naming;

/// <summary>"Did you mean" for a mistyped name: the closest known name within a few edits, case aside.</summary>
public static class Suggestion
{
    /// <summary><c> (did you mean "X"?)</c> or nothing when no known name is close.</summary>
    public static string For(string typed, IEnumerable<string> known)
    {
        var best = known.Select(k => (Name: k, Distance: Distance(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, typed.Length / 3)).OrderBy(k => k.Distance).FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean \"{best.Name}\"?)";
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
