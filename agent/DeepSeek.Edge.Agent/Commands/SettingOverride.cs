using System.Text.Json.Nodes;

namespace DeepSeek.Edge.Agent.Commands;

/// <summary>
/// One setting of a camera that a <c>set</c> command overrides: the value in effect and what the configuration says
/// (null for a threshold the configuration leaves to the model's manifest).
/// </summary>
public sealed record SettingOverride(JsonNode Value, JsonNode? Configured);
