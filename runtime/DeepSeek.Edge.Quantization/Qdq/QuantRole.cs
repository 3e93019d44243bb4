namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>How an op takes part in a QDQ graph; decides which of its tensors get Q/DQ pairs.</summary>
public enum QuantRole
{
    /// <summary>Stays float.</summary>
    None,

    /// <summary>Conv, MatMul, Gemm: int8 per-channel weights, quantized activation input, int32 bias (QLinearConv, QGemm...).</summary>
    Weighted,

    /// <summary>Add, Mul of two activations (QLinearAdd, QLinearMul).</summary>
    Binary,

    /// <summary>Concat of activations (QLinearConcat): every input and the output quantized.</summary>
    Variadic,

    /// <summary>Ops with an 8-bit kernel of their own and their own output range (QLinearAveragePool, QLinearSigmoid...).</summary>
    Unary,

    /// <summary>Ops that only move or select values (MaxPool, Reshape, Transpose...): output shares the input's scale, so the runtime drops their Q/DQ.</summary>
    PassThrough,

    /// <summary>Relu, Clip right after a quantized op: folded into that op's output range.</summary>
    Activation,
}
