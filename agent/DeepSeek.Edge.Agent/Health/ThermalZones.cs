using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>sys/class/thermal/thermal_zone*/{type,temp}: temp is in millidegrees Celsius.</summary>
internal static class ThermalZones
{
    public static IReadOnlyList<TemperatureReading>? Read(string root)
    {
        var readings = new List<TemperatureReading>();
        foreach (var zone in SysFs.Directories(Path.Combine(root, "sys", "class", "thermal"), "thermal_zone*"))
        {
            if (SysFs.ReadLong(Path.Combine(zone, "temp")) is not { } milli) continue;
            var name = Path.GetFileName(zone);
            var type = SysFs.ReadLine(Path.Combine(zone, "type")) ?? name;
            readings.Add(new TemperatureReading(name, type, milli / 1000.0));
        }

        return readings.Count == 0 ? null : readings;
    }
}
