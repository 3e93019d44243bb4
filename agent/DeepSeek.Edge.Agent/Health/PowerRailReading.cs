namespace DeepSeek.Edge.Agent.Health;

/// <summary>One INA3221 channel: the rail's name (VDD_IN, VDD_GPU_SOC...), its power and, where the node exists, voltage and current.</summary>
public sealed record PowerRailReading(string Rail, double PowerMilliwatts, double? VoltageMillivolts, double? CurrentMilliamps);
