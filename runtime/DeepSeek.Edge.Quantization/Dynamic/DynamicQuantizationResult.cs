using Onnx;

namespace DeepSeek.Edge.Quantization.Dynamic;

/// <summary>A dynamically quantized model, how many MatMul/Gemm nodes became integer, and the preparation steps taken.</summary>
public sealed record DynamicQuantizationResult(ModelProto Model, IReadOnlyDictionary<string, int> QuantizedNodes, IReadOnlyList<string> PreparationNotes);
