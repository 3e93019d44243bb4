namespace DeepSeek.Edge.Decoding;

/// <summary>The named outputs of one model run, in the model's output order.</summary>
public sealed class ModelOutputs
{
    private readonly OutputTensor[] _tensors;

    public ModelOutputs(IReadOnlyList<OutputTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _tensors = [.. tensors];
    }

    public IReadOnlyList<OutputTensor> All => _tensors;

    public OutputTensor this[string name]
    {
        get
        {
            foreach (var t in _tensors)
            {
                if (t.Name == name) return t;
            }

            throw new KeyNotFoundException($"the model has no output \"{name}\"; its outputs are: {string.Join(", ", _tensors.Select(t => t.Name))}");
        }
    }
}
