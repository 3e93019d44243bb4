namespace DeepSeek.Edge.Pipelines.Swapping;

/// <summary>The step of a model swap that failed.</summary>
public enum SwapStage
{
    /// <summary>The new model could not be loaded (bad file, manifest that does not match the model, no provider).</summary>
    Load,

    /// <summary>The new model ran on a real frame but its outputs were not usable (shapes, NaN, decoding).</summary>
    Validate,

    /// <summary>The host stopped before the switch.</summary>
    Apply,
}
