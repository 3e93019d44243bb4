using System.Text.Json.Serialization;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>JSON of <see cref="DeviceHealth"/> for telemetry: snake_case names, nulls written as null.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DeviceHealth))]
public sealed partial class DeviceHealthJsonContext : JsonSerializerContext;
