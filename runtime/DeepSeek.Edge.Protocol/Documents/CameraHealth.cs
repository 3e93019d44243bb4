using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>One camera's state as <c>/healthz</c>, the <c>status</c> command and telemetry show it.</summary>
public sealed record CameraHealth(
    string Name, string Source, string State, string? Model, string? Provider,
    long FramesIn, long FramesProcessed, long FramesDropped, double FpsOut, string? LastError = null)
{
    /// <summary>The settings a <c>set</c> command overrides over the configuration, by setting name (empty: none).</summary>
    public IReadOnlyDictionary<string, SettingOverride> Overrides { get; init; } = new Dictionary<string, SettingOverride>();
}

/// <summary>
/// One setting of a camera that a <c>set</c> command overrides: the value in effect and what the configuration says
/// (null for a threshold the configuration leaves to the model's manifest).
/// </summary>
/// <remarks><c>configured</c> is always written: null says the configuration leaves it to the manifest.</remarks>
public sealed record SettingOverride(JsonNode Value, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Configured = null);
