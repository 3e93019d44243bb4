namespace DeepSeek.Edge.Models.Manifest;

/// <summary>How a quantized model stores activations between quantized ops (<c>quantization.activations</c>). Weights are always int8, symmetric, per output channel.</summary>
public enum ActivationType
{
    /// <summary>uint8 with a zero point (asymmetric): the fastest form for ORT's CPU kernels (QLinearConv U8S8).</summary>
    UInt8,

    /// <summary>int8 with zero point 0 (symmetric): what TensorRT's explicit-precision INT8 path requires.</summary>
    Int8,
}
