namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>One stage's time per frame over a profiled run.</summary>
/// <param name="Stage">The stage name (see <see cref="Metrics.PipelineStages"/>), or <c>end-to-end</c>.</param>
/// <param name="Frames">Frames measured.</param>
/// <param name="P50Ms">Median, ms.</param>
/// <param name="P95Ms">95th percentile, ms.</param>
/// <param name="P99Ms">99th percentile, ms.</param>
/// <param name="MeanMs">Mean, ms.</param>
/// <param name="Share">Fraction of the work time of all stages (waiting in the queue is not work: 0 there).</param>
public sealed record StageProfile(string Stage, long Frames, double P50Ms, double P95Ms, double P99Ms, double MeanMs, double Share);
