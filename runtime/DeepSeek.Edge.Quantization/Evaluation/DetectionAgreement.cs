namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>
/// FP32 detections matched to INT8 detections (same class, greedy by IoU, IoU at least the match threshold),
/// with the IoU and score differences of the matched pairs.
/// </summary>
public sealed record DetectionAgreement(
    int Fp32Detections,
    int Int8Detections,
    int Matched,
    double MeanIoU,
    double WorstIoU,
    double MeanScoreDelta,
    double MaxScoreDelta)
{
    /// <summary>Every FP32 detection has an INT8 counterpart and INT8 found nothing else.</summary>
    public bool SameDetections => Matched == Fp32Detections && Matched == Int8Detections;
}
