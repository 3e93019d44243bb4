namespace DeepSeek.Edge.Inference.Running;

/// <summary>Milliseconds spent in each stage of one frame.</summary>
public readonly record struct StageTimings(double PreprocessMs, double InferenceMs, double DecodeMs)
{
    public double TotalMs => PreprocessMs + InferenceMs + DecodeMs;
}
