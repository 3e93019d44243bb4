using System.Text.RegularExpressions;

namespace DeepSeek.Edge.Models.Store;

/// <summary>A model version in the store: <c>name@version</c>. Both parts are safe directory names (as the manifest requires).</summary>
public sealed partial record ModelRef
{
    public ModelRef(string name, string version)
    {
        Name = Check(name, nameof(name));
        Version = Check(version, nameof(version));
    }

    public string Name { get; }
    public string Version { get; }

    public string Id => $"{Name}@{Version}";

    public override string ToString() => Id;

    /// <summary>Letters, digits, '.', '-' and '_', starting with a letter or digit, at most 128 characters.</summary>
    public static bool IsSafeName(string? value) => value is not null && SafeName().IsMatch(value);

    private static string Check(string value, string what) =>
        IsSafeName(value) ? value : throw new ArgumentException($"{what} \"{value}\" is not a safe name: use letters, digits, '.', '-' and '_' (starting with a letter or digit)", what);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeName();
}
