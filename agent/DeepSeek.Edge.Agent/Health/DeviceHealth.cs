namespace DeepSeek.Edge.Agent.Health;

/// <summary>
/// One sample of the device's health. A field is null when its source does not exist on this device (or could
/// not be read); <see cref="DeviceHealthJsonContext"/> writes it as snake_case JSON for telemetry.
/// </summary>
/// <param name="Timestamp">When the sample was taken.</param>
/// <param name="CpuUsagePercent">Busy share of all CPUs since the previous sample (null on the first).</param>
/// <param name="MemoryTotalBytes">MemTotal of /proc/meminfo.</param>
/// <param name="MemoryAvailableBytes">MemAvailable of /proc/meminfo.</param>
/// <param name="ProcessRssBytes">The agent's resident set (VmRSS).</param>
/// <param name="ProcessPeakRssBytes">The agent's peak resident set (VmHWM).</param>
/// <param name="DiskTotalBytes">Size of the file system holding the data directory.</param>
/// <param name="DiskFreeBytes">Space on it that the agent may still use.</param>
/// <param name="Temperatures">Thermal zones, in zone order.</param>
/// <param name="GpuLoadPercent">Jetson GPU load (the sysfs node is per mille).</param>
/// <param name="PowerRails">Jetson INA3221 power rails.</param>
/// <param name="SystemUptimeSeconds">Since boot (/proc/uptime).</param>
/// <param name="AgentUptimeSeconds">Since the collector was created at agent start.</param>
public sealed record DeviceHealth(
    DateTimeOffset Timestamp,
    double? CpuUsagePercent,
    long? MemoryTotalBytes,
    long? MemoryAvailableBytes,
    long? ProcessRssBytes,
    long? ProcessPeakRssBytes,
    long? DiskTotalBytes,
    long? DiskFreeBytes,
    IReadOnlyList<TemperatureReading>? Temperatures,
    double? GpuLoadPercent,
    IReadOnlyList<PowerRailReading>? PowerRails,
    double? SystemUptimeSeconds,
    double AgentUptimeSeconds);
