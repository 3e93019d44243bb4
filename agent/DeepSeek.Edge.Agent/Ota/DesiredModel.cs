namespace DeepSeek.Edge.Agent.Ota;

/// <summary>One entry of a desired-state document: a model version, for the named cameras (null: every camera).</summary>
public sealed record DesiredModel(string Name, string Version, IReadOnlyList<string>? Cameras)
{
    public bool AppliesTo(string camera) => Cameras is null || Cameras.Contains(camera, StringComparer.Ordinal);
}
