using System.Diagnostics;

namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>Measures the process's CPU time and peak memory between <see cref="Start"/> and <see cref="Stop"/>.</summary>
public sealed class ProcessUsageSampler
{
    private readonly TimeProvider _time;
    private TimeSpan _cpuAtStart;
    private long _startedAt;

    public ProcessUsageSampler(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    public void Start()
    {
        using var process = Process.GetCurrentProcess();
        _cpuAtStart = process.TotalProcessorTime;
        _startedAt = _time.GetTimestamp();
    }

    public ProcessUsage Stop()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var wall = _time.GetElapsedTime(_startedAt);
        var cpu = process.TotalProcessorTime - _cpuAtStart;
        var percent = wall > TimeSpan.Zero ? 100.0 * cpu.TotalMilliseconds / wall.TotalMilliseconds : 0;
        return new ProcessUsage(percent, Environment.ProcessorCount, process.PeakWorkingSet64);
    }
}
