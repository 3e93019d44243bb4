using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>What runs where, retained on <c>&lt;p&gt;/devices/&lt;id&gt;/state/reported</c>; sent when it changes.</summary>
public sealed record ReportedStateDocument(
    string Device, string Epoch, long Seq, DateTimeOffset Ts, IReadOnlyList<CameraReport> Cameras, string AgentVersion) : IDocument
{
    public static string SchemaId => Schemas.ReportedState;

    [JsonPropertyOrder(-1)]
    public string Schema { get; init; } = Schemas.ReportedState;
}

/// <summary>One camera in the reported state: its source (credentials redacted), state, model, provider, last error and how the model was loaded.</summary>
public sealed record CameraReport(string Name, string Source, string State, string? Model = null, string? Provider = null, string? Error = null)
{
    public IReadOnlyDictionary<string, SettingOverride> Overrides { get; init; } = new Dictionary<string, SettingOverride>();

    /// <summary>How the running model was loaded (precision, providers, placement); absent while no model runs.</summary>
    public InferenceReport? Inference { get; init; }
}
