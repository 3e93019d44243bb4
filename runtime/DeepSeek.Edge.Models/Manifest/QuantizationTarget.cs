namespace DeepSeek.Edge.Models.Manifest;

/// <summary>Where a quantized model was made to run (<c>quantization.target</c>), which decides its activation type.</summary>
public enum QuantizationTarget
{
    /// <summary>ONNX Runtime's CPU kernels: uint8 asymmetric activations.</summary>
    Cpu,

    /// <summary>TensorRT's explicit INT8 path: symmetric int8 activations (zero point 0) and float biases.</summary>
    TensorRT,
}

/// <summary>The names a manifest and the command line spell targets with.</summary>
public static class QuantizationTargets
{
    public static IReadOnlyList<string> Names { get; } = ["cpu", "tensorrt"];

    public static string Name(this QuantizationTarget target) => target == QuantizationTarget.TensorRT ? "tensorrt" : "cpu";

    public static QuantizationTarget? TryParse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => QuantizationTarget.Cpu,
        "tensorrt" => QuantizationTarget.TensorRT,
        _ => null,
    };

    /// <summary>The activation type a target takes: TensorRT's INT8 path symmetric int8, ORT's CPU kernels uint8.</summary>
    public static ActivationType Activations(this QuantizationTarget target) => target == QuantizationTarget.TensorRT ? ActivationType.Int8 : ActivationType.UInt8;
}
