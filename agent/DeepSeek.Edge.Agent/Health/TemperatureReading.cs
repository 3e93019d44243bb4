namespace DeepSeek.Edge.Agent.Health;

/// <summary>One thermal zone: its sysfs directory name (thermal_zone0), its type (CPU-therm) and degrees Celsius.</summary>
public sealed record TemperatureReading(string Zone, string Type, double Celsius);
