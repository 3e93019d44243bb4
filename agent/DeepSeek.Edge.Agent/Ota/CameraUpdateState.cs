namespace DeepSeek.Edge.Agent.Ota;

/// <summary>One camera's model update state, as reported on <c>&lt;p&gt;/devices/&lt;id&gt;/models/state</c>.</summary>
internal sealed record CameraUpdateState(string Camera, string Model, string Version, string State, long? Bytes = null, long? Total = null, string? Reason = null)
{
    /// <summary>The <c>version</c> of the desired-state document the update follows; null for a rollback by command.</summary>
    public string? DesiredVersion { get; init; }
}
