namespace DeepSeek.Edge.Protocol.Documents;

/// <summary>
/// One sample of the device's health, under <c>health</c> in telemetry. A field is null (and left out) when its source does
/// not exist on this device or could not be read.
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
    double? CpuUsagePercent = null,
    long? MemoryTotalBytes = null,
    long? MemoryAvailableBytes = null,
    long? ProcessRssBytes = null,
    long? ProcessPeakRssBytes = null,
    long? DiskTotalBytes = null,
    long? DiskFreeBytes = null,
    IReadOnlyList<TemperatureReading>? Temperatures = null,
    double? GpuLoadPercent = null,
    IReadOnlyList<PowerRailReading>? PowerRails = null,
    double? SystemUptimeSeconds = null,
    double AgentUptimeSeconds = 0);

/// <summary>One thermal zone: its sysfs directory name (thermal_zone0), its type (CPU-therm) and degrees Celsius.</summary>
public sealed record TemperatureReading(string Zone, string Type, double Celsius);

/// <summary>One INA3221 channel: the rail's name (VDD_IN, VDD_GPU_SOC...), its power and, where the node exists, voltage and current.</summary>
public sealed record PowerRailReading(string Rail, double PowerMilliwatts, double? VoltageMillivolts = null, double? CurrentMilliamps = null);
