namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>How activations are stored between quantized ops. Weights are always int8, symmetric, per output channel.</summary>
public enum ActivationType
{
    /// <summary>uint8 with a zero point (asymmetric): the fastest form for ORT's CPU kernels (QLinearConv U8S8).</summary>
    UInt8,

    /// <summary>int8 with zero point 0 (symmetric): what TensorRT's explicit-precision INT8 path requires.</summary>
    Int8,
}
