namespace DeepSeek.Edge.Quantization;

/// <summary>
/// A model or a request the quantizer cannot handle. The message names the model part (node, tensor, file)
/// and what to do about it, e.g. exclude the node or choose another method.
/// </summary>
public sealed class QuantizationException : Exception
{
    public QuantizationException() : base("quantization failed") { }

    public QuantizationException(string message) : base(message) { }

    public QuantizationException(string message, Exception inner) : base(message, inner) { }
}
