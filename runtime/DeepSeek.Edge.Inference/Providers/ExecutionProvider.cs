namespace DeepSeek.Edge.Inference.Providers;

/// <summary>The execution providers a model can run on, in the order a chain usually lists them.</summary>
public enum ExecutionProvider { TensorRT, Cuda, Cpu }
