using DeepSeek.Edge.Models.Naming;

namespace DeepSeek.Edge.Models.Store;

/// <summary>A model version in the store: <c>name@version</c>. Both parts are safe directory names (as the manifest requires).</summary>
public sealed record ModelRef
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

    private static string Check(string value, string what) =>
        SafeName.IsValid(value) ? value : throw new ArgumentException($"{what} \"{value}\" is not a safe name: {SafeName.Rule}", what);
}
