using DeepSeek.Edge.Protocol.Documents;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>
/// Samples CPU, memory, process, disk, temperatures, Jetson GPU load and power rails from procfs/sysfs under
/// <see cref="HealthOptions.RootPath"/>. A source that does not exist gives a null field, never an exception.
/// CPU usage is the busy share since the previous <see cref="Collect"/>, so the first sample has none.
/// Thread-safe. The nodes are small kernel files, read synchronously.
/// </summary>
public sealed class DeviceHealthCollector
{
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly Lock _gate = new();
    private CpuTimes? _previousCpu;
    private DeviceHealth? _latest;
    private bool _reportedMissing;

    public DeviceHealthCollector(HealthOptions options, TimeProvider timeProvider, ILogger<DeviceHealthCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _root = options.RootPath;
        _dataDirectory = options.DataDirectory;
        _time = timeProvider;
        _logger = logger;
        _started = timeProvider.GetTimestamp();
    }

    public DeviceHealth Collect()
    {
        var proc = Path.Combine(_root, "proc");
        var cpu = CpuTimes.Read(Path.Combine(proc, "stat"));
        double? cpuUsage = null;
        bool firstSample;
        lock (_gate)
        {
            if (cpu is { } now && _previousCpu is { } before) cpuUsage = now.UsagePercentSince(before);
            if (cpu is not null) _previousCpu = cpu;
            firstSample = !_reportedMissing;
            _reportedMissing = true;
        }

        var memory = ProcKeyValues.ReadKilobytes(Path.Combine(proc, "meminfo"));
        var status = ProcKeyValues.ReadKilobytes(Path.Combine(proc, "self", "status"));
        var disk = DiskSpace.Read(_dataDirectory);

        var health = new DeviceHealth(
            Timestamp: _time.GetUtcNow(),
            CpuUsagePercent: cpuUsage,
            MemoryTotalBytes: ProcKeyValues.Get(memory, "MemTotal"),
            MemoryAvailableBytes: ProcKeyValues.Get(memory, "MemAvailable"),
            ProcessRssBytes: ProcKeyValues.Get(status, "VmRSS"),
            ProcessPeakRssBytes: ProcKeyValues.Get(status, "VmHWM"),
            DiskTotalBytes: disk?.Total,
            DiskFreeBytes: disk?.Free,
            Temperatures: ThermalZones.Read(_root),
            GpuLoadPercent: JetsonGpuLoad.ReadPercent(_root),
            PowerRails: Ina3221PowerRails.Read(_root),
            SystemUptimeSeconds: ReadUptime(Path.Combine(proc, "uptime")),
            AgentUptimeSeconds: _time.GetElapsedTime(_started).TotalSeconds);

        if (firstSample) ReportMissing(health, cpu is null);
        Volatile.Write(ref _latest, health);
        return health;
    }

    /// <summary>
    /// The latest sample (taken for telemetry), or a new one while there is none with a CPU figure yet (the first sample has
    /// none: usage is measured between two).
    /// </summary>
    public DeviceHealth Latest() => Volatile.Read(ref _latest) is { CpuUsagePercent: not null } latest ? latest : Collect();

    private static double? ReadUptime(string path)
    {
        var first = SysFs.ReadLine(path)?.Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    private void ReportMissing(DeviceHealth health, bool noCpu)
    {
        var missing = new List<string>();
        if (noCpu) missing.Add("cpu usage (proc/stat)");
        if (health.MemoryTotalBytes is null) missing.Add("memory (proc/meminfo)");
        if (health.ProcessRssBytes is null) missing.Add("process memory (proc/self/status)");
        if (health.DiskTotalBytes is null) missing.Add($"disk ({_dataDirectory})");
        if (health.Temperatures is null) missing.Add("temperatures (sys/class/thermal)");
        if (health.GpuLoadPercent is null) missing.Add("GPU load (Jetson only)");
        if (health.PowerRails is null) missing.Add("power rails (Jetson INA3221 only)");
        if (health.SystemUptimeSeconds is null) missing.Add("uptime (proc/uptime)");
        if (missing.Count > 0) HealthLog.Unavailable(_logger, _root, string.Join(", ", missing));
    }
}
