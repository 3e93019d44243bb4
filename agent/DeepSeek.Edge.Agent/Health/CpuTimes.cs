using System.Globalization;

namespace DeepSeek.Edge.Agent.Health;

/// <summary>The aggregate "cpu" line of /proc/stat: all jiffies and the idle ones (idle + iowait).</summary>
internal readonly record struct CpuTimes(ulong Total, ulong Idle)
{
    public static CpuTimes? Read(string procStatPath)
    {
        var text = SysFs.ReadText(procStatPath);
        if (text is null) return null;
        var line = text.AsSpan(0, text.IndexOf('\n') is var nl and >= 0 ? nl : text.Length);
        if (!line.StartsWith("cpu ", StringComparison.Ordinal)) return null;

        // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user.
        Span<ulong> fields = stackalloc ulong[8];
        var count = 0;
        foreach (var range in line[4..].Split(' '))
        {
            var part = line[4..][range];
            if (part.IsEmpty) continue;
            if (count == fields.Length) break;
            if (!ulong.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out fields[count])) return null;
            count++;
        }

        if (count < 4) return null;
        ulong total = 0;
        for (var i = 0; i < count; i++) total += fields[i];
        var idle = fields[3] + (count > 4 ? fields[4] : 0);
        return new CpuTimes(total, idle);
    }

    /// <summary>Busy percentage between <paramref name="earlier"/> and this sample; null when no time passed.</summary>
    public double? UsagePercentSince(CpuTimes earlier)
    {
        if (Total <= earlier.Total || Idle < earlier.Idle) return null;
        var total = Total - earlier.Total;
        var idle = Math.Min(Idle - earlier.Idle, total);
        return (total - idle) * 100.0 / total;
    }
}
