namespace DeepSeek.Edge.Inference.Engine;

/// <summary>The manifest describes the model differently from the ONNX file's own metadata (input name, shape, type, outputs).</summary>
public sealed class ModelContractException : Exception
{
    public ModelContractException(string model, string problem) : base($"model {model}: {problem}") { }

    public ModelContractException() : base("the manifest does not match the model") { }

    public ModelContractException(string message) : base(message) { }

    public ModelContractException(string message, Exception inner) : base(message, inner) { }
}
