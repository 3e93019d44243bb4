using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Inference.Telemetry;

/// <summary>Log events of the inference engine (event ids 100-199).</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Model {Model}: execution provider {Provider} cannot be used: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string model, string provider, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Model {Model} loaded on execution provider {Provider} (chain {Chain}; ONNX Runtime {OrtVersion}; input {Input} {Shape})")]
    public static partial void ModelLoaded(ILogger logger, string model, string provider, string chain, string ortVersion, string input, string shape);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Model {Model}: output {Output} has a dynamic shape; it is copied after each run")]
    public static partial void DynamicOutput(ILogger logger, string model, string output);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Model {Model} has uint8 (asymmetric) activations, which TensorRT's INT8 path does not take, but the provider chain {Chain} starts with tensorrt; quantize it again with `ds-edge quantize --target tensorrt` (symmetric int8 activations)")]
    public static partial void Uint8ActivationsOnTensorRt(ILogger logger, string model, string chain);
}
