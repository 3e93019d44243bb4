namespace DeepSeek.Edge.Pipelines.Swapping;

/// <summary>A model loaded but its outputs on a real frame are not usable.</summary>
public sealed class ModelValidationException : Exception
{
    public ModelValidationException(string model, string problem) : base($"model {model}: {problem}") { }

    public ModelValidationException() : base("the model's outputs are not usable") { }

    public ModelValidationException(string message) : base(message) { }

    public ModelValidationException(string message, Exception inner) : base(message, inner) { }
}
