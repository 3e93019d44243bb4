using DeepSeek.Edge.Protocol.Documents;
using DeepSeek.Edge.Protocol.Json;

namespace DeepSeek.Edge.Protocol.Tests;

public sealed class DeviceHealthJsonTests
{
    [Fact]
    public void Write_Sample_UsesSnakeCaseNamesUtcTimesAndLeavesOutWhatTheDeviceLacks()
    {
        var health = new DeviceHealth(
            new DateTimeOffset(2030, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)), 12.5, 1024, 512, 256, 300, 4096, 2048,
            [new TemperatureReading("thermal_zone0", "CPU-therm", 45.5)], null,
            [new PowerRailReading("VDD_IN", 6000, 5000, 1200)], 99.5, 10);

        var json = ProtocolJson.WriteText(health);

        const string expected = """
            {"timestamp":"2030-01-02T03:04:05.0000000Z","cpu_usage_percent":12.5,"memory_total_bytes":1024,"memory_available_bytes":512,
            "process_rss_bytes":256,"process_peak_rss_bytes":300,"disk_total_bytes":4096,"disk_free_bytes":2048,
            "temperatures":[{"zone":"thermal_zone0","type":"CPU-therm","celsius":45.5}],
            "power_rails":[{"rail":"VDD_IN","power_milliwatts":6000,"voltage_millivolts":5000,"current_milliamps":1200}],
            "system_uptime_seconds":99.5,"agent_uptime_seconds":10}
            """;
        Assert.Equal(expected.ReplaceLineEndings(""), json);
    }
}
