namespace DeepSeek.Edge.Agent.Health;

/// <summary>The Jetson GPU's load node (per mille, 0..1000), at the first of the known paths that exists.</summary>
internal static class JetsonGpuLoad
{
    /// <summary>Nano/TX1/TX2/Xavier (gpu.0), then Orin (ga10b) under JetPack 5 and 6.</summary>
    public static readonly IReadOnlyList<string> Nodes =
    [
        "sys/devices/gpu.0/load",
        "sys/devices/platform/gpu.0/load",
        "sys/devices/17000000.ga10b/load",
        "sys/devices/platform/17000000.ga10b/load",
        "sys/devices/platform/bus@0/17000000.gpu/load",
    ];

    public static double? ReadPercent(string root)
    {
        foreach (var node in Nodes)
        {
            if (SysFs.ReadLong(Path.Combine(root, node)) is { } perMille) return perMille / 10.0;
        }

        return null;
    }
}
