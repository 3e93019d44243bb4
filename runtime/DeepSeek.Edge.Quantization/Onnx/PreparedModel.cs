using Onnx;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>An FP32 model made ready for quantization (opset 13+, weights as initializers, BatchNorm folded) and what was changed.</summary>
public sealed record PreparedModel(ModelProto Model, IReadOnlyList<string> Notes);
