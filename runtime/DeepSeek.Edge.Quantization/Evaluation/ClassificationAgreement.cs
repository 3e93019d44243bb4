namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>Share of samples whose top-1 class is the same in FP32 and INT8, and mean overlap of their top-k sets.</summary>
public sealed record ClassificationAgreement(string Output, int K, double Top1Agreement, double TopKOverlap);
