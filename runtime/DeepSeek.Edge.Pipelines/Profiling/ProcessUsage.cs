namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>What the process used over a profiled run.</summary>
/// <param name="CpuPercent">CPU time over wall time, in percent of one core (200 = two cores busy).</param>
/// <param name="Cores">Cores the process may use.</param>
/// <param name="PeakRssBytes">Peak resident set size of the process so far (Linux VmHWM).</param>
public sealed record ProcessUsage(double CpuPercent, int Cores, long PeakRssBytes);
