namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>How closely one INT8 output follows FP32 over the held-out samples: cosine similarity per sample and largest absolute difference.</summary>
public sealed record OutputAgreement(string Output, double MeanCosine, double WorstCosine, string WorstSample, double MaxAbsDifference);
