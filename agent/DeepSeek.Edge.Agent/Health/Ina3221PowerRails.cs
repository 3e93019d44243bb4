using DeepSeek.Edge.Protocol.Documents;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>
/// Jetson power rails from the INA3221 monitors, through either driver:
/// the hwmon driver (JetPack 5/6: sys/class/hwmon/hwmon*/ whose name is ina3221; in{N}_label, in{N}_input in mV,
/// curr{N}_input in mA, N = 1..3) or the older iio driver (JetPack 4: sys/bus/i2c/drivers/ina3221x/*/iio:device*/;
/// rail_name_{N}, in_power{N}_input in mW, in_voltage{N}_input in mV, in_current{N}_input in mA, N = 0..2).
/// </summary>
internal static class Ina3221PowerRails
{
    public static IReadOnlyList<PowerRailReading>? Read(string root)
    {
        var rails = new List<PowerRailReading>();
        ReadHwmon(root, rails);
        ReadIio(root, rails);
        return rails.Count == 0 ? null : rails;
    }

    private static void ReadHwmon(string root, List<PowerRailReading> rails)
    {
        foreach (var dir in SysFs.Directories(Path.Combine(root, "sys", "class", "hwmon"), "hwmon*"))
        {
            if (!string.Equals(SysFs.ReadLine(Path.Combine(dir, "name")), "ina3221", StringComparison.Ordinal)) continue;
            for (var channel = 1; channel <= 3; channel++)
            {
                var millivolts = SysFs.ReadLong(Path.Combine(dir, $"in{channel}_input"));
                var milliamps = SysFs.ReadLong(Path.Combine(dir, $"curr{channel}_input"));
                if (millivolts is null || milliamps is null) continue;
                var rail = SysFs.ReadLine(Path.Combine(dir, $"in{channel}_label")) ?? $"{Path.GetFileName(dir)}/in{channel}";
                rails.Add(new PowerRailReading(rail, millivolts.Value * milliamps.Value / 1000.0, millivolts, milliamps));
            }
        }
    }

    private static void ReadIio(string root, List<PowerRailReading> rails)
    {
        foreach (var device in SysFs.Directories(Path.Combine(root, "sys", "bus", "i2c", "drivers", "ina3221x"), "*"))
        {
            foreach (var iio in SysFs.Directories(device, "iio:device*"))
            {
                for (var channel = 0; channel <= 2; channel++)
                {
                    if (SysFs.ReadLong(Path.Combine(iio, $"in_power{channel}_input")) is not { } milliwatts) continue;
                    var rail = SysFs.ReadLine(Path.Combine(iio, $"rail_name_{channel}")) ?? $"{Path.GetFileName(iio)}/{channel}";
                    rails.Add(new PowerRailReading(
                        rail,
                        milliwatts,
                        SysFs.ReadLong(Path.Combine(iio, $"in_voltage{channel}_input")),
                        SysFs.ReadLong(Path.Combine(iio, $"in_current{channel}_input"))));
                }
            }
        }
    }
}
