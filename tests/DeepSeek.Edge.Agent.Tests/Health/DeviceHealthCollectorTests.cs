using DeepSeek.Edge.Agent.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DeepSeek.Edge.Agent.Tests.Health;

public sealed class DeviceHealthCollectorTests : IDisposable
{
    private readonly FakeDeviceTree _tree = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));

    public void Dispose() => _tree.Dispose();

    private DeviceHealthCollector Create(string? dataDirectory = null) =>
        new(new HealthOptions { RootPath = _tree.Root, DataDirectory = dataDirectory ?? _tree.Root }, _time, NullLogger<DeviceHealthCollector>.Instance);

    private void WriteJetsonTree()
    {
        _tree.Write("proc/stat", "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\nintr 1 2 3\n")
            .Write("proc/meminfo", "MemTotal:        8048316 kB\nMemFree:         1000000 kB\nMemAvailable:    5120000 kB\nHugePages_Total:       0\n")
            .Write("proc/self/status", "Name:\tds-edge\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t12\n")
            .Write("proc/uptime", "12345.67 40000.00\n")
            .Write("sys/class/thermal/thermal_zone0/type", "CPU-therm\n")
            .Write("sys/class/thermal/thermal_zone0/temp", "45500\n")
            .Write("sys/devices/virtual/thermal/thermal_zone1/type", "GPU-therm\n")
            .Write("sys/devices/virtual/thermal/thermal_zone1/temp", "43000\n")
            .Link("sys/class/thermal/thermal_zone1", "sys/devices/virtual/thermal/thermal_zone1")
            .Write("sys/class/thermal/thermal_zone10/type", "Tboard_tegra\n")
            .Write("sys/class/thermal/thermal_zone10/temp", "-1500\n")
            .Write("sys/class/thermal/thermal_zone2/type", "PMIC-Die\n")
            .Write("sys/class/thermal/thermal_zone2/temp", "n/a\n")
            .Write("sys/devices/gpu.0/load", "123\n")
            .Write("sys/class/hwmon/hwmon0/name", "acpitz\n")
            .Write("sys/class/hwmon/hwmon0/in1_input", "1000\n")
            .Write("sys/class/hwmon/hwmon0/curr1_input", "1000\n")
            .Write("sys/class/hwmon/hwmon1/name", "ina3221\n")
            .Write("sys/class/hwmon/hwmon1/in1_label", "VDD_IN\n")
            .Write("sys/class/hwmon/hwmon1/in1_input", "5000\n")
            .Write("sys/class/hwmon/hwmon1/curr1_input", "1200\n")
            .Write("sys/class/hwmon/hwmon1/in2_label", "VDD_CPU_GPU_CV\n")
            .Write("sys/class/hwmon/hwmon1/in2_input", "5000\n")
            .Write("sys/class/hwmon/hwmon1/curr2_input", "400\n");
    }

    [Fact]
    public void Collect_FakeJetsonTree_ReadsExactValues()
    {
        WriteJetsonTree();
        var collector = Create();
        _time.Advance(TimeSpan.FromSeconds(90));

        var health = collector.Collect();

        Assert.Equal(_time.GetUtcNow(), health.Timestamp);
        Assert.Equal(8048316L * 1024, health.MemoryTotalBytes);
        Assert.Equal(5120000L * 1024, health.MemoryAvailableBytes);
        Assert.Equal(102400L * 1024, health.ProcessRssBytes);
        Assert.Equal(204800L * 1024, health.ProcessPeakRssBytes);
        Assert.Equal(12345.67, health.SystemUptimeSeconds);
        Assert.Equal(90, health.AgentUptimeSeconds);
        Assert.Equal(12.3, health.GpuLoadPercent);
        Assert.Equal(
            [new("thermal_zone0", "CPU-therm", 45.5), new("thermal_zone1", "GPU-therm", 43.0), new("thermal_zone10", "Tboard_tegra", -1.5)],
            health.Temperatures!);
        Assert.Equal(
            [new("VDD_IN", 6000, 5000, 1200), new("VDD_CPU_GPU_CV", 2000, 5000, 400)],
            health.PowerRails!);
    }

    [Fact]
    public void Collect_FirstSample_HasNoCpuUsage()
    {
        WriteJetsonTree();

        Assert.Null(Create().Collect().CpuUsagePercent);
    }

    [Fact]
    public void Collect_SecondSample_CpuUsageFromStatDeltas()
    {
        WriteJetsonTree();
        var collector = Create();
        collector.Collect();

        // +400 jiffies in all, of which +300 idle (idle +250, iowait +50): 25 % busy.
        _tree.Write("proc/stat", "cpu  150 0 150 950 150 0 0 0 0 0\n");
        var health = collector.Collect();

        Assert.Equal(25.0, health.CpuUsagePercent);
    }

    [Fact]
    public void Collect_StatUnchanged_NoCpuUsage()
    {
        WriteJetsonTree();
        var collector = Create();
        collector.Collect();

        Assert.Null(collector.Collect().CpuUsagePercent);
    }

    [Fact]
    public void Collect_EmptyTree_ProcAndSysFieldsAreNull()
    {
        var collector = Create();
        _time.Advance(TimeSpan.FromSeconds(3));

        collector.Collect();
        var health = collector.Collect();

        Assert.Null(health.CpuUsagePercent);
        Assert.Null(health.MemoryTotalBytes);
        Assert.Null(health.MemoryAvailableBytes);
        Assert.Null(health.ProcessRssBytes);
        Assert.Null(health.ProcessPeakRssBytes);
        Assert.Null(health.Temperatures);
        Assert.Null(health.GpuLoadPercent);
        Assert.Null(health.PowerRails);
        Assert.Null(health.SystemUptimeSeconds);
        Assert.Equal(3, health.AgentUptimeSeconds);
    }

    [Fact]
    public void Collect_RootPathMissing_FieldsAreNull()
    {
        var collector = new DeviceHealthCollector(
            new HealthOptions { RootPath = Path.Combine(_tree.Root, "absent"), DataDirectory = _tree.Root }, _time, NullLogger<DeviceHealthCollector>.Instance);

        var health = collector.Collect();

        Assert.Null(health.MemoryTotalBytes);
        Assert.Null(health.Temperatures);
    }

    [Fact]
    public void Collect_DataDirectoryNotCreatedYet_ReportsItsFileSystem()
    {
        var health = Create(Path.Combine(_tree.Root, "var", "lib", "ds-edge")).Collect();

        Assert.NotNull(health.DiskTotalBytes);
        Assert.InRange(health.DiskFreeBytes!.Value, 0, health.DiskTotalBytes!.Value);
        Assert.True(health.DiskTotalBytes > 0);
    }

    [Fact]
    public void Collect_LegacyIioIna3221_ReadsRails()
    {
        _tree.Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/rail_name_0", "VDD_IN\n")
            .Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/in_power0_input", "3456\n")
            .Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/in_voltage0_input", "5080\n")
            .Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/in_current0_input", "680\n")
            .Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/rail_name_1", "VDD_GPU\n")
            .Write("sys/bus/i2c/drivers/ina3221x/1-0040/iio:device0/in_power1_input", "0\n");

        var rails = Create().Collect().PowerRails;

        Assert.Equal([new("VDD_IN", 3456, 5080, 680), new("VDD_GPU", 0, null, null)], rails!);
    }

    [Theory]
    [InlineData("sys/devices/platform/gpu.0/load")]
    [InlineData("sys/devices/platform/bus@0/17000000.gpu/load")]
    public void Collect_OtherJetsonGpuNode_ReadsLoad(string node)
    {
        _tree.Write(node, "995\n");

        Assert.Equal(99.5, Create().Collect().GpuLoadPercent);
    }

    [Fact]
    public void Collect_RealProcOfThisMachine_ValuesInSaneRanges()
    {
        var data = Directory.CreateTempSubdirectory("ds-edge-data-");
        try
        {
            var collector = new DeviceHealthCollector(new HealthOptions { DataDirectory = data.FullName }, TimeProvider.System, NullLogger<DeviceHealthCollector>.Instance);
            var health = collector.Collect();

            // Busy work until the kernel has counted at least one jiffy more, so the second sample has a CPU delta.
            double? cpu = null;
            for (var i = 0; i < 10_000 && cpu is null; i++)
            {
                Spin();
                cpu = collector.Collect().CpuUsagePercent;
            }

            Assert.InRange(cpu!.Value, 0, 100);
            Assert.InRange(health.MemoryTotalBytes!.Value, 64L << 20, 64L << 40);
            Assert.InRange(health.MemoryAvailableBytes!.Value, 0, health.MemoryTotalBytes.Value);
            Assert.InRange(health.ProcessRssBytes!.Value, 1L << 20, health.MemoryTotalBytes.Value);
            Assert.InRange(health.ProcessPeakRssBytes!.Value, health.ProcessRssBytes.Value, health.MemoryTotalBytes.Value);
            Assert.True(health.SystemUptimeSeconds > 0);
            Assert.True(health.DiskTotalBytes > 0);
            Assert.InRange(health.DiskFreeBytes!.Value, 0, health.DiskTotalBytes!.Value);
        }
        finally
        {
            data.Delete();
        }
    }

    private static void Spin()
    {
        var x = 0.0;
        for (var i = 0; i < 200_000; i++) x += Math.Sqrt(i);
        GC.KeepAlive(x);
    }
}
