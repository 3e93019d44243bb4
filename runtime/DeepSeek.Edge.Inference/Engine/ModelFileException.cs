namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// The model file itself cannot be loaded (broken protobuf, invalid graph, missing file): no provider could run it, so it
/// fails once, with ONNX Runtime's or the reader's reason, and no provider is counted as unavailable.
/// </summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string model, string path, string reason, Exception? inner = null)
        : base($"model {model}: {Path.GetFileName(path)} cannot be loaded: {reason}; the file is corrupt or not an ONNX model ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()} reads: pack or fetch the model again", inner) { }

    public ModelFileException() : base("the model file cannot be loaded") { }

    public ModelFileException(string message) : base(message) { }

    public ModelFileException(string message, Exception inner) : base(message, inner) { }

    /// <summary>ONNX Runtime's error codes (in its message, <c>[ErrorCode:X]</c>) that are about the model, whatever the provider.</summary>
    internal static bool IsModelError(string message) =>
        message.Contains("[ErrorCode:InvalidProtobuf]", StringComparison.Ordinal)
        || message.Contains("[ErrorCode:InvalidGraph]", StringComparison.Ordinal)
        || message.Contains("[ErrorCode:NoSuchFile]", StringComparison.Ordinal)
        || message.Contains("[ErrorCode:NoModel]", StringComparison.Ordinal)
        || message.Contains("Load model from", StringComparison.Ordinal);
}
