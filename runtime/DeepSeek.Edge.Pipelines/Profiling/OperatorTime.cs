namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>Time ONNX Runtime spent in one operator type over a profiled run.</summary>
/// <param name="Operator">The ONNX operator type, e.g. <c>Conv</c>.</param>
/// <param name="TotalMs">Summed kernel time, ms.</param>
/// <param name="Calls">Kernel runs.</param>
/// <param name="Share">Fraction of all kernel time.</param>
public sealed record OperatorTime(string Operator, double TotalMs, long Calls, double Share);
