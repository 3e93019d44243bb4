using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Common;

/// <summary>
/// A model output named by a decoder parameter (or, when <see cref="Name"/> is null, the model's first output),
/// with the parameter's JSON path so that a mismatch with the model points at the line to fix.
/// </summary>
internal sealed class OutputRef
{
    public OutputRef(string? name, string path)
    {
        Name = name;
        Path = path;
    }

    public string? Name { get; }
    public string Path { get; }

    /// <summary>Reads an optional output name; absent means the model's first output.</summary>
    public static OutputRef Optional(JsonField parameters, string key) => new(parameters.OptionalString(key), $"{parameters.Path}.{key}");

    /// <summary>Reads a required output name.</summary>
    public static OutputRef Required(JsonField parameters, string key)
    {
        var field = parameters.Required(key);
        return new OutputRef(field.AsString(), field.Path);
    }

    /// <summary>Reads a required, non-empty list of output names.</summary>
    public static OutputRef[] List(JsonField parameters, string key)
    {
        var field = parameters.Required(key);
        var items = field.Items().Select(i => new OutputRef(i.AsString(), i.Path)).ToArray();
        if (items.Length == 0) throw field.Fail("is empty; list at least one model output");
        return items;
    }

    public static IReadOnlyList<string> Names(params OutputRef?[] refs) =>
        refs.Where(r => r?.Name is not null).Select(r => r!.Name!).Distinct(StringComparer.Ordinal).ToArray();

    public OutputTensor Resolve(ModelOutputs outputs)
    {
        var all = outputs.All;
        if (Name is null)
        {
            if (all.Count == 0) throw new ManifestException(Path, "is not set, so the model's first output is used, but the run produced no outputs");
            return all[0];
        }

        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Name == Name) return all[i];
        }

        throw new ManifestException(Path, $"names output \"{Name}\" but the model's outputs are: {string.Join(", ", all.Select(t => $"\"{t.Name}\""))}");
    }
}
