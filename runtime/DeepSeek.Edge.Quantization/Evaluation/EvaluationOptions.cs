namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>How FP32 and INT8 are compared: latency runs, classes compared for top-k, IoU needed to match a detection.</summary>
public sealed record EvaluationOptions
{
    public int WarmupRuns { get; init; } = 5;

    /// <summary>Timed runs per model (0 skips the latency comparison).</summary>
    public int LatencyRuns { get; init; } = 30;

    public int TopK { get; init; } = 5;

    public float MatchIoU { get; init; } = 0.5f;

    /// <summary>Also list the ops ORT runs for the INT8 model after its fusions.</summary>
    public bool KernelCensus { get; init; } = true;
}
