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

    /// <summary>Series present at zero from the start, so that a dashboard panel or an alert over them has data before the first event.</summary>
    private static readonly (string Name, string Labels)[] Declared =
    [
        .. Enum.GetNames<Ingest.IngestOutcome>().Select(o => ("ds_fleet_ingest_messages_total", $"outcome=\"{o.ToLowerInvariant()}\"")),
        ("ds_fleet_ingest_store_failures_total", ""),
        ("ds_fleet_desired_republished_total", ""),
        ("ds_fleet_leadership_changes_total", "change=\"gained\""),
        ("ds_fleet_leadership_changes_total", "change=\"lost\""),
        .. new[] { "reconcile", "rollouts", "retention" }.Select(l => ("ds_fleet_loop_faults_total", $"loop=\"{l}\"")),
        .. new[] { "camera_samples", "telemetry_samples", "quality_samples", "rollups_1m", "rollups_1h", "events", "dead_letters", "captures", "capture_images", "dataset_exports" }
            .Select(t => ("ds_fleet_retention_deleted_total", $"table=\"{t}\"")),
    ];

    public FleetCounters()
    {
        foreach (var series in Declared) _counters[series] = 0;
    }

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
