namespace DeepSeek.Edge.Quantization;

/// <summary>Post-training INT8 quantization methods.</summary>
public enum QuantizationMethod
{
    /// <summary>Calibrated QDQ: int8 weights per channel and int8 activations with ranges measured on sample images.</summary>
    Static,

    /// <summary>Weights-only int8 for MatMul/Gemm; activations are quantized on the fly at run time. No calibration.</summary>
    Dynamic,
}
