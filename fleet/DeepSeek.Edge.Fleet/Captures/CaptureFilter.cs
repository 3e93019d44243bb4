using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeepSeek.Edge.Fleet.Storage;
using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Fleet.Captures;

/// <summary>
/// Which captures a gallery page, a trainer poll or an export asks for (null: any). <c>label</c>, <c>min_score</c> and
/// <c>max_score</c> select captures with at least one detection of that label within that score range. Built from query
/// strings by <see cref="Parse"/>, which refuses bad values naming the parameter and the rule.
/// </summary>
public sealed partial record CaptureFilter(
    long After = 0, string? Device = null, string? Camera = null, string? Model = null, string? Version = null, IReadOnlyList<string>? Labels = null,
    double? MinScore = null, double? MaxScore = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    [GeneratedRegex(@"\A[0-9]{1,18}\z")]
    private static partial Regex CursorPattern();

    [GeneratedRegex(@"\A[^\x00-\x1f,]{1,128}\z")]
    private static partial Regex LabelPattern();

    public static CaptureFilter Parse(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = query("after");
        if (after is not null && !CursorPattern().IsMatch(after))
            throw new ArgumentException($"after \"{after.ReplaceLineEndings("\\n")}\" is not a cursor: pass the \"next\" of the previous page (digits), or leave it out to start at the first capture");
        var labels = (query("labels") ?? query("label"))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var label in labels ?? [])
            if (!LabelPattern().IsMatch(label)) throw new ArgumentException($"label \"{label.ReplaceLineEndings("\\n")}\" is not valid: 1-128 characters, no commas or control characters");
        return new CaptureFilter(after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), Name(query, "device"), Name(query, "camera"),
            Name(query, "model"), Name(query, "version"), labels is { Length: > 0 } ? labels : null, Score(query, "min_score"), Score(query, "max_score"),
            Time(query, "from"), Time(query, "to"));
    }

    /// <summary>The SQL condition over <c>captures c</c> and its parameters.</summary>
    public (string Where, Dapper.DynamicParameters Parameters) Sql()
    {
        var where = new StringBuilder("c.id > @after");
        var p = new Dapper.DynamicParameters();
        p.Add("after", After);
        void Eq(string column, string name, string? value)
        {
            if (value is null) return;
            where.Append(CultureInfo.InvariantCulture, $" AND c.{column} = @{name}");
            p.Add(name, value);
        }

        Eq("device", "device", Device);
        Eq("camera", "camera", Camera);
        Eq("model_name", "model", Model);
        Eq("model_version", "version", Version);
        if (From is { } from)
        {
            where.Append(" AND c.ts >= @from");
            p.Add("from", Utc.Text(from));
        }

        if (To is { } to)
        {
            where.Append(" AND c.ts < @to");
            p.Add("to", Utc.Text(to));
        }

        if (Labels is not null || MinScore is not null || MaxScore is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM capture_detections d WHERE d.capture_id = c.id");
            if (Labels is not null)
            {
                where.Append(" AND d.label IN " + SqlList.Add(p, "label", Labels));
            }

            if (MinScore is { } min)
            {
                where.Append(" AND d.score >= @min_score");
                p.Add("min_score", min);
            }

            if (MaxScore is { } max)
            {
                where.Append(" AND d.score <= @max_score");
                p.Add("max_score", max);
            }

            where.Append(')');
        }

        return (where.ToString(), p);
    }

    private static string? Name(Func<string, string?> query, string key)
    {
        var value = query(key);
        if (string.IsNullOrEmpty(value)) return null;
        return SafeName.IsValid(value) ? value : throw new ArgumentException($"{key} \"{value.ReplaceLineEndings("\\n")}\" is not valid: {SafeName.Rule}");
    }

    private static double? Score(Func<string, string?> query, string key)
    {
        var value = query(key);
        if (string.IsNullOrEmpty(value)) return null;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 1
            ? score : throw new ArgumentException($"{key} \"{value.ReplaceLineEndings("\\n")}\" is not a score from 0 to 1 (e.g. 0.35)");
    }

    private static DateTimeOffset? Time(Func<string, string?> query, string key)
    {
        var value = query(key);
        if (string.IsNullOrEmpty(value)) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : throw new ArgumentException($"{key} \"{value.ReplaceLineEndings("\\n")}\" is not a time: use UTC like 2026-12-03T10:00:00Z");
    }
}
