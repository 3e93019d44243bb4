using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>Run-time overrides of a camera over its configuration (null: no override). Persisted in the data directory.</summary>
public sealed record CameraSettings(float? ScoreThreshold = null, float? IouThreshold = null, bool? Enabled = null)
{
    /// <summary>The names of the settings on the wire (the <c>set</c> command's arguments, the reported overrides).</summary>
    public const string ScoreThresholdKey = "score_threshold";
    public const string IouThresholdKey = "iou_threshold";
    public const string EnabledKey = "enabled";

    public static IReadOnlyList<string> Keys { get; } = [ScoreThresholdKey, IouThresholdKey, EnabledKey];

    [JsonIgnore]
    public bool IsEmpty => this == new CameraSettings();

    /// <summary>The settings given, by their wire names (<c>{"score_threshold":0.7,"enabled":false}</c>).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (ScoreThreshold is { } score) json[ScoreThresholdKey] = score;
        if (IouThreshold is { } iou) json[IouThresholdKey] = iou;
        if (Enabled is { } enabled) json[EnabledKey] = enabled;
        return json;
    }

    /// <summary>These overrides with <paramref name="change"/> applied: its values replace, its cleared settings go.</summary>
    public CameraSettings With(CameraSettingsChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new CameraSettings(
            change.Clears(ScoreThresholdKey) ? null : change.Values.ScoreThreshold ?? ScoreThreshold,
            change.Clears(IouThresholdKey) ? null : change.Values.IouThreshold ?? IouThreshold,
            change.Clears(EnabledKey) ? null : change.Values.Enabled ?? Enabled);
    }
}
