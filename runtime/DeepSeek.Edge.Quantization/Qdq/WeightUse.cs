using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>A quantized op's weight (int8 per channel along <see cref="Axis"/>), its activation input and optional bias (int32).</summary>
public sealed record WeightUse(NodeProto Node, string Activation, string Weight, int Axis, string? Bias);
