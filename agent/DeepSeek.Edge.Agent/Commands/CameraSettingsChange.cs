namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// What one <c>set</c> command changes: the overrides it sets (<paramref name="Values"/>) and the ones it clears
/// (<paramref name="Cleared"/>, wire names from <see cref="CameraSettings.Keys"/>) so the configuration applies again.
/// </summary>
public sealed record CameraSettingsChange(CameraSettings Values, IReadOnlySet<string> Cleared)
{
    public bool IsEmpty => Values.IsEmpty && Cleared.Count == 0;

    public bool Clears(string key) => Cleared.Contains(key);
}
