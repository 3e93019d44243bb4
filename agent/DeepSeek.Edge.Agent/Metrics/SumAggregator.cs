using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>Counters (type counter) and up-down counters (type gauge): the sum of all measurements per series.</summary>
internal sealed class SumAggregator(Instrument instrument, string name, string type) : MetricAggregator(instrument, name, type)
{
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = PrometheusText.LabelKey(tags);
        lock (Gate) _sums[key] = _sums.GetValueOrDefault(key) + value;
    }

    protected override void WriteSeries(TextWriter writer)
    {
        KeyValuePair<string, double>[] series;
        lock (Gate) series = [.. _sums];
        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (labels, sum) in series) writer.Write($"{Name}{Braces(labels)} {PrometheusText.FormatValue(sum)}\n");
    }
}
