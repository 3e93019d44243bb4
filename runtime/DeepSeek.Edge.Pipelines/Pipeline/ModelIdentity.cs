namespace DeepSeek.Edge.Pipelines.Pipeline;

/// <summary>Which model produced a result: manifest name and version, and the execution provider that ran it.</summary>
public sealed record ModelIdentity(string Name, string Version, string Provider)
{
    /// <summary><c>name@version</c>.</summary>
    public string Id => $"{Name}@{Version}";

    public override string ToString() => $"{Id} ({Provider})";
}
