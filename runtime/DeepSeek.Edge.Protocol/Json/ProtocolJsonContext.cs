using System.Text.Json.Serialization;
using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Documents.Local;
using DeepSeek.Edge.Protocol.Fleet;

namespace DeepSeek.Edge.Protocol.Json;

/// <summary>
/// Every contract-2 document, source-generated: snake_case names, nulls left out, UTC <c>Z</c> times; a missing required
/// field or a null where none is allowed fails the read. Use it through <see cref="ProtocolJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(TelemetryDocument))]
[JsonSerializable(typeof(ReportedStateDocument))]
[JsonSerializable(typeof(EventDocument))]
[JsonSerializable(typeof(TriggerDocument))]
[JsonSerializable(typeof(CaptureDocument))]
[JsonSerializable(typeof(CapturePage))]
[JsonSerializable(typeof(DatasetManifest))]
[JsonSerializable(typeof(DatasetQuery))]
[JsonSerializable(typeof(ModelQualityReport))]
[JsonSerializable(typeof(RolloutReport))]
[JsonSerializable(typeof(ModelLineage))]
[JsonSerializable(typeof(ModelStateDocument))]
[JsonSerializable(typeof(DesiredStateDocument))]
[JsonSerializable(typeof(ModelOffer))]
[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(AgentHealth))]
[JsonSerializable(typeof(LocalStatus))]
[JsonSerializable(typeof(DeviceHealth))]
[JsonSerializable(typeof(CameraHealth))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, SettingOverride>))]
[JsonSerializable(typeof(IReadOnlyList<CameraReport>))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
