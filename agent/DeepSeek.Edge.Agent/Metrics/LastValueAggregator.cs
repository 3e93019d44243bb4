using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>
/// Gauges and observable instruments: the last value per series. An observable counter reports its running
/// total, so it too keeps the last value (and is typed counter).
/// </summary>
internal sealed class LastValueAggregator(Instrument instrument, string name, string type, bool observable)
    : MetricAggregator(instrument, name, type)
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    public override bool Observable => observable;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = PrometheusText.LabelKey(tags);
        lock (Gate) _values[key] = value;
    }

    public override void BeginObservation()
    {
        lock (Gate) _values.Clear();
    }

    protected override void WriteSeries(TextWriter writer)
    {
        KeyValuePair<string, double>[] series;
        lock (Gate) series = [.. _values];
        Array.Sort(series, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (labels, value) in series) writer.Write($"{Name}{Braces(labels)} {PrometheusText.FormatValue(value)}\n");
    }
}
