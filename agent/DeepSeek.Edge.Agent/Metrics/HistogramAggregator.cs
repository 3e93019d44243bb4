using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>Histograms: per series, a count per bucket (written cumulatively, ending with le="+Inf"), the sum and the count.</summary>
internal sealed class HistogramAggregator(Instrument instrument, string name, IReadOnlyList<double> bounds)
    : MetricAggregator(instrument, name, "histogram")
{
    private readonly double[] _bounds = [.. bounds];
    private readonly string[] _le = [.. bounds.Select(PrometheusText.FormatValue), "+Inf"];
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value)) return;
        var key = PrometheusText.LabelKey(tags);
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket]) bucket++;

        lock (Gate)
        {
            if (!_series.TryGetValue(key, out var series)) _series[key] = series = new Series(_bounds.Length + 1);
            series.Buckets[bucket]++;
            series.Sum += value;
            series.Count++;
        }
    }

    protected override void WriteSeries(TextWriter writer)
    {
        (string Labels, long[] Buckets, double Sum, long Count)[] snapshot;
        lock (Gate) snapshot = [.. _series.Select(s => (s.Key, (long[])s.Value.Buckets.Clone(), s.Value.Sum, s.Value.Count))];
        Array.Sort(snapshot, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));

        foreach (var (labels, buckets, sum, count) in snapshot)
        {
            var prefix = labels.Length == 0 ? "" : labels + ",";
            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += buckets[i];
                writer.Write($"{Name}_bucket{{{prefix}le=\"{_le[i]}\"}} {cumulative}\n");
            }

            writer.Write($"{Name}_sum{Braces(labels)} {PrometheusText.FormatValue(sum)}\n");
            writer.Write($"{Name}_count{Braces(labels)} {count}\n");
        }
    }

    private sealed class Series(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];
        public double Sum { get; set; }
        public long Count { get; set; }
    }
}
