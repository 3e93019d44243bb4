namespace DeepSeek.Edge.Quantization.Mixed;

/// <summary>How much one layer, quantized alone in the FP32 model, moves the model's outputs: mean of (1 - cosine) over the outputs and samples.</summary>
public sealed record LayerSensitivity(QuantizedLayer Layer, double Error);
