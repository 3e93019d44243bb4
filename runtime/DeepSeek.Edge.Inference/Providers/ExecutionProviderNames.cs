namespace DeepSeek.Edge.Inference.Providers;

/// <summary>Names of providers as configuration, logs and metrics spell them, and as ONNX Runtime does.</summary>
public static class ExecutionProviderNames
{
    public static string Name(this ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT => "tensorrt",
        ExecutionProvider.Cuda => "cuda",
        _ => "cpu",
    };

    public static string OrtName(this ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT => "TensorrtExecutionProvider",
        ExecutionProvider.Cuda => "CUDAExecutionProvider",
        _ => "CPUExecutionProvider",
    };
}
