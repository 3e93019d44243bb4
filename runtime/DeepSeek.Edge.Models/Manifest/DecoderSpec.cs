namespace DeepSeek.Edge.Models.Manifest;

/// <summary>
/// The <c>decoder</c> block: its <see cref="Kind"/> and the whole block as a <see cref="JsonField"/>,
/// from which each decoder reads its own kind-specific parameters (errors keep the JSON path).
/// </summary>
public sealed record DecoderSpec(string Kind, JsonField Parameters);
