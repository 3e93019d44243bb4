using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>Log events of the inference engine (event ids 100-199).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Model {Model}: execution provider {Provider} cannot be used: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string model, string provider, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Model {Model} loaded on execution provider {Provider} (chain {Chain}, policy {Policy}; precision {Precision}, TensorRT {TensorRtPrecision}; ONNX Runtime {OrtVersion}; input {Input} {Shape})")]
    public static partial void ModelLoaded(ILogger logger, string model, string provider, string chain, string ortVersion, string input, string shape, string precision, string tensorRtPrecision, string policy);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Model {Model}: output {Output} has a dynamic shape; it is copied after each run")]
    public static partial void DynamicOutput(ILogger logger, string model, string output);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Model {Model} has uint8 (asymmetric) activations, which TensorRT's INT8 path does not take, but the provider chain {Chain} starts with tensorrt; quantize it again with `ds-edge quantize --target tensorrt` (symmetric int8 activations)")]
    public static partial void Uint8ActivationsOnTensorRt(ILogger logger, string model, string chain);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Model {Model} node placement (warm-up run): {Placement}")]
    public static partial void Placement(ILogger logger, string model, string placement);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Model {Model}: {Provider} provider options {Options}")]
    public static partial void ProviderOptions(ILogger logger, string model, string provider, string options);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Model {Model} is {Precision} and runs on CPU: {Meaning}")]
    public static partial void CpuPrecision(ILogger logger, string model, string precision, string meaning);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Model {Model} is int8 with ONNX Runtime's own quantized operators (QLinear*, ConvInteger, MatMulInteger) and no Q/DQ nodes, but the chain {Chain} starts with tensorrt: TensorRT builds the float parts without INT8 and those nodes run on CUDA or CPU (see the placement); quantize with `ds-edge quantize --target tensorrt` for TensorRT")]
    public static partial void OrtQuantizedOnTensorRt(ILogger logger, string model, string chain);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "TensorRT engine cache entry {Entry} removed: built for another ONNX Runtime, TensorRT, driver or GPU, or unused for 30 days")]
    public static partial void EngineCacheCollected(ILogger logger, string entry);
}
