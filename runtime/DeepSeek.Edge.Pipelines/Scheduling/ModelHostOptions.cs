using DeepSeek.Edge.Inference;

namespace DeepSeek.Edge.Pipelines.Scheduling;

/// <summary>How a model host loads, shares and swaps its model.</summary>
public sealed class ModelHostOptions
{
    /// <summary>The host's name in logs and metrics; the manifest's model name when null.</summary>
    public string? Name { get; set; }

    /// <summary>Provider chain and threads, for the first model and every model swapped in.</summary>
    public InferenceOptions Inference { get; set; } = new();

    /// <summary>How long a swap waits for an attached camera to deliver a real frame to validate the new model on.</summary>
    public TimeSpan ValidationFrameTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Let a swap change the task (e.g. detection to classification); off, so sinks never get results of another kind.</summary>
    public bool AllowTaskChange { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate(string path = "ModelHost")
    {
        if (Name is { } name && string.IsNullOrWhiteSpace(name))
            throw new ArgumentException($"{path}.Name is blank; leave it out to use the model's name.", $"{path}.Name");
        if (Inference is null) throw new ArgumentException($"{path}.Inference is missing.", $"{path}.Inference");
        if (Inference.Cpu.IntraOpThreads < 0)
            throw new ArgumentException($"{path}.Inference.Cpu.IntraOpThreads must be 0 (one per core) or more; got {Inference.Cpu.IntraOpThreads}.", $"{path}.Inference.Cpu.IntraOpThreads");
        if (ValidationFrameTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{path}.ValidationFrameTimeout must be more than zero; got {ValidationFrameTimeout}.", $"{path}.ValidationFrameTimeout");
    }
}
