using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.Fleet.Metrics;

/// <summary>
/// The console's own counters and gauges, written as Prometheus text on <c>/metrics</c> (<c>ds_fleet_…</c>). Counters are
/// monotonic per process; gauges are read from the database when scraped (see <see cref="FleetGauges"/>).
/// </summary>
public sealed class FleetCounters
{
    private readonly ConcurrentDictionary<(string Name, string Labels), long> _counters = new();

    public void Add(string name, long value = 1, string labels = "") => _counters.AddOrUpdate((name, labels), value, (_, v) => v + value);

    public long Get(string name, string labels = "") => _counters.TryGetValue((name, labels), out var v) ? v : 0;

    public void WriteTo(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {group.Key} counter\n");
            foreach (var ((_, labels), value) in group.OrderBy(c => c.Key.Labels, StringComparer.Ordinal))
                text.Append(CultureInfo.InvariantCulture, $"{group.Key}{(labels.Length == 0 ? "" : "{" + labels + "}")} {value}\n");
        }
    }

    /// <summary>A Prometheus label value: backslash, quote and newline escaped.</summary>
    public static string Label(string value) => (value ?? "").Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
