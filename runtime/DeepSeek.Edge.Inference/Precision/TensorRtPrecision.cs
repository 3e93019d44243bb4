using DeepSeek.Edge.Inference.Engine;
using DeepSeek.Edge.Inference.Providers;
using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Inference.Precision;

/// <summary>
/// The TensorRT builder flags a model gets. <c>int8</c> with a Q/DQ graph is explicit quantization: <c>trt_int8_enable</c>
/// with no calibration table (the scales are the graph's), and FP16 on as well, as TensorRT advises, so layers the graph
/// leaves in float build in FP16 rather than FP32. <c>fp16</c>: FP16 only. <c>fp32</c>: neither. The options override each flag;
/// INT8 on a graph without Q/DQ nodes would need a calibration table, which ds-edge does not use: an int8 model quantized with ORT's own operators gets INT8 off (those nodes run on CUDA or CPU; the placement shows it), and <c>Int8 = true</c> on such a graph is refused.
/// </summary>
public sealed record TensorRtPrecision(bool Fp16, bool Int8)
{
    public static TensorRtPrecision Resolve(ModelManifest manifest, TensorRtOptions options, GraphPrecision graph)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(graph);
        var precision = manifest.Precision;
        var fp16 = options.Fp16 ?? precision is ModelPrecision.FP16 or ModelPrecision.INT8;
        if (options.Int8 is true && !graph.HasQdq)
        {
            var why = graph.IsQuantized
                ? $"its quantized operators are ONNX Runtime's own ({string.Join(", ", graph.Ops.Keys.Where(GraphPrecision.IsQuantizedOp))}), which TensorRT does not take"
                : "it has no QuantizeLinear/DequantizeLinear nodes, and INT8 without them needs a calibration table, which ds-edge does not use";
            throw new ModelContractException(manifest.Id, $"TensorRt:Int8 is true but TensorRT cannot build this model in INT8: {why}; quantize it with `ds-edge quantize --target tensorrt` (Q/DQ nodes), or leave TensorRt:Int8 unset");
        }

        // An int8 manifest whose quantized operators are ORT's own (QLinearConv, ConvInteger): TensorRT builds the float parts, those nodes go to CUDA or CPU.
        var int8 = options.Int8 ?? (precision == ModelPrecision.INT8 && graph.HasQdq);
        return new TensorRtPrecision(fp16, int8);
    }

    /// <summary><c>fp32</c>, <c>fp16</c>, <c>int8</c> or <c>int8+fp16</c>, as logs and cache keys spell it.</summary>
    public override string ToString() => (Int8, Fp16) switch
    {
        (true, true) => "int8+fp16",
        (true, false) => "int8",
        (false, true) => "fp16",
        _ => "fp32",
    };
}
