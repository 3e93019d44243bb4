using System.Text.Json;

namespace DeepSeek.Edge.Models.Manifest;

/// <summary>Contract 1: the <c>manifest.json</c> of a model package (schema <see cref="SchemaV1"/>).</summary>
public sealed record ModelManifest(
    string Schema,
    string Name,
    string Version,
    ModelTask Task,
    string Model,
    IReadOnlyList<ManifestFile> Files,
    InputSpec Input,
    DecoderSpec Decoder,
    IReadOnlyList<string> Labels,
    Thresholds Thresholds,
    ModelPrecision Precision,
    JsonElement? Lineage,
    JsonElement? Quantization)
{
    public const string SchemaV1 = "deepseek-edge/model/v1";

    /// <summary>The checked keys of <see cref="Quantization"/> (target, activations); null when the manifest has no quantization block.</summary>
    public QuantizationInfo? QuantizationInfo { get; init; }

    /// <summary><c>name@version</c>, the way logs and metrics name a model.</summary>
    public string Id => $"{Name}@{Version}";

    /// <summary>The label of a class id, or the id itself when the manifest has no such label.</summary>
    public string LabelOf(int classId) =>
        classId >= 0 && classId < Labels.Count ? Labels[classId] : classId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
