using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Models.Manifest;

/// <summary>
/// A JSON value together with its path in the document, so that every error says exactly where it is.
/// Manifest and decoder parameters are read through this one type.
/// </summary>
public readonly partial struct JsonField
{
    public JsonField(JsonElement element, string path)
    {
        Element = element;
        Path = path;
    }

    public JsonElement Element { get; }
    public string Path { get; }
    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    public bool TryGet(string name, out JsonField field)
    {
        RequireKind(JsonValueKind.Object, "an object");
        if (Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            field = new JsonField(value, $"{Path}.{name}");
            return true;
        }

        field = default;
        return false;
    }

    /// <summary>
    /// Refuses any key of this object that is not in <paramref name="known"/> (exact spelling), naming the closest known key,
    /// so that a typo such as <c>anchor_ofset</c> is an error instead of a silently ignored parameter.
    /// </summary>
    public void RequireKnownKeys(IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        RequireKind(JsonValueKind.Object, "an object");
        foreach (var property in Element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                throw Fail($"{Path}.{property.Name}", $"is not a known key{Suggestion.For(property.Name, known)}; known keys here: {string.Join(", ", known)}");
        }
    }

    public JsonField Required(string name) =>
        TryGet(name, out var field) ? field : throw Fail($"{Path}.{name}", "is required but missing");

    public string String(string name) => Required(name).AsString();

    public string? OptionalString(string name) => TryGet(name, out var f) ? f.AsString() : null;

    public T Enum<T>(string name) where T : struct, Enum =>
        TryGet(name, out var f) ? f.AsEnum<T>() : throw Fail($"{Path}.{name}", $"is required but missing; allowed: {Allowed<T>()}");

    public T Enum<T>(string name, T fallback) where T : struct, Enum =>
        TryGet(name, out var f) ? f.AsEnum<T>() : fallback;

    public int Int(string name, int? fallback = null, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryGet(name, out var f))
            return fallback ?? throw Fail($"{Path}.{name}", "is required but missing");
        return f.AsInt(min, max);
    }

    public long Long(string name, long min = long.MinValue)
    {
        var f = Required(name);
        if (f.Element.ValueKind != JsonValueKind.Number || !f.Element.TryGetInt64(out var v))
            throw f.Invalid("a whole number");
        if (v < min) throw f.Fail($"is {v}; must be at least {min}");
        return v;
    }

    public float Float(string name, float? fallback = null, float min = float.MinValue, float max = float.MaxValue)
    {
        if (!TryGet(name, out var f))
            return fallback ?? throw Fail($"{Path}.{name}", "is required but missing");
        return f.AsFloat(min, max);
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var f)) return fallback;
        return f.Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw f.Invalid("true or false"),
        };
    }

    public float[]? OptionalFloats(string name, int? length = null) =>
        TryGet(name, out var f) ? f.AsFloats(length) : null;

    public int[]? OptionalInts(string name, int min = int.MinValue) =>
        TryGet(name, out var f) ? f.Items().Select(i => i.AsInt(min, int.MaxValue)).ToArray() : null;

    public string[]? OptionalStrings(string name) =>
        TryGet(name, out var f) ? f.Items().Select(i => i.AsString()).ToArray() : null;

    public IEnumerable<JsonField> Items()
    {
        RequireKind(JsonValueKind.Array, "an array");
        var path = Path;
        return Element.EnumerateArray().Select((e, i) => new JsonField(e, $"{path}[{i}]")).ToArray();
    }

    public string AsString()
    {
        RequireKind(JsonValueKind.String, "a string");
        var s = Element.GetString()!;
        if (s.Length == 0) throw Fail("is empty; a value is required");
        return s;
    }

    public T AsEnum<T>() where T : struct, Enum
    {
        var s = AsString();
        var normalized = s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (System.Enum.TryParse<T>(normalized, ignoreCase: true, out var v) && System.Enum.IsDefined(v) && !int.TryParse(s, out _))
            return v;
        throw Fail($"is \"{s}\"; allowed: {Allowed<T>()}");
    }

    public int AsInt(int min, int max)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var v))
            throw Invalid("a whole number");
        if (v < min || v > max) throw Fail($"is {v}; must be between {min} and {max}");
        return v;
    }

    public float AsFloat(float min = float.MinValue, float max = float.MaxValue)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetDouble(out var d) || !double.IsFinite(d))
            throw Invalid("a finite number");
        var v = (float)d;
        if (v < min || v > max)
            throw Fail($"is {v.ToString(CultureInfo.InvariantCulture)}; must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }

    public float[] AsFloats(int? length = null)
    {
        var items = Items().Select(i => i.AsFloat()).ToArray();
        if (length is { } n && items.Length != n) throw Fail($"has {items.Length} values; expected {n}");
        return items;
    }

    public ManifestException Fail(string problem) => Fail(Path, problem);

    public ManifestException Invalid(string expected) => Fail($"is {Describe()}; expected {expected}");

    private void RequireKind(JsonValueKind kind, string what)
    {
        if (Element.ValueKind != kind) throw Invalid(what);
    }

    private string Describe() => Element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Element.GetString()}\"",
        JsonValueKind.Undefined => "missing",
        _ => Element.GetRawText(),
    };

    private static ManifestException Fail(string path, string problem) => new(path, problem);

    /// <summary>The names of an enum as a manifest spells them: lower case, words split by '-' (<c>FitHeight</c> is <c>fit-height</c>).</summary>
    public static string Allowed<T>() where T : struct, Enum =>
        string.Join(", ", System.Enum.GetNames<T>().Select(n => WordBreak().Replace(n, "-").ToLowerInvariant()));

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordBreak();
}
