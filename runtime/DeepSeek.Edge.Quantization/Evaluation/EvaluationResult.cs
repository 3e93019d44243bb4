namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>FP32 vs INT8 on the held-out samples: per-output agreement, the task's own metric, latency, and the INT8 kernels ORT runs.</summary>
public sealed record EvaluationResult(
    int Samples,
    IReadOnlyList<OutputAgreement> Outputs,
    ClassificationAgreement? Classification,
    DetectionAgreement? Detection,
    LatencyStats? Fp32Latency,
    LatencyStats? Int8Latency,
    int Threads,
    IReadOnlyDictionary<string, int> Int8Kernels)
{
    /// <summary>FP32 median latency over INT8 median latency (above 1: INT8 is faster).</summary>
    public double? Speedup => Fp32Latency is { MedianMs: > 0 } f && Int8Latency is { MedianMs: > 0 } q ? f.MedianMs / q.MedianMs : null;
}
