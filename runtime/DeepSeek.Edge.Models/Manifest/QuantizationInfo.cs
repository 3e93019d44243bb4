namespace DeepSeek.Edge.Models.Manifest;

/// <summary>
/// The keys of the manifest's <c>quantization</c> block that the runtime acts on, checked at parse: the target the model
/// was quantized for and how its activations are stored. The rest of the block (method, calibrator, gate figures...) is
/// the quantizer's record and stays free-form.
/// </summary>
/// <param name="Target"><c>quantization.target</c>: <c>cpu</c> or <c>tensorrt</c>; null when absent (models quantized before it was recorded).</param>
/// <param name="Activations"><c>quantization.activations</c>: <c>uint8</c> or <c>int8</c>; null when absent (dynamic quantization).</param>
public sealed record QuantizationInfo(QuantizationTarget? Target, ActivationType? Activations);
