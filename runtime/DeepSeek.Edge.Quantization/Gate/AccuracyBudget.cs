namespace DeepSeek.Edge.Quantization.Gate;

/// <summary>
/// How far the INT8 model may drift from FP32 on the held-out images before it is refused. Detection: recall and
/// precision of INT8 boxes matched to FP32 boxes and the mean IoU of the matches; embedding: mean and worst cosine
/// of every output; classification: top-1 agreement.
/// </summary>
public sealed record AccuracyBudget
{
    public double MinRecall { get; init; } = 0.90;

    public double MinPrecision { get; init; } = 0.90;

    public double MinMeanIoU { get; init; } = 0.80;

    public double MinMeanCosine { get; init; } = 0.99;

    public double MinWorstCosine { get; init; } = 0.95;

    public double MinTop1Agreement { get; init; } = 0.95;
}
