using System.Diagnostics.Metrics;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>The series of one instrument, kept between scrapes and written as one Prometheus metric family.</summary>
internal abstract class MetricAggregator(Instrument instrument, string name, string type)
{
    protected readonly Lock Gate = new();

    public Instrument Instrument { get; } = instrument;

    /// <summary>The family's name in the exposition.</summary>
    public string Name { get; } = name;

    /// <summary>Observable instruments report afresh on each scrape; their old series are dropped first.</summary>
    public virtual bool Observable => false;

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public virtual void BeginObservation()
    {
    }

    public void WriteTo(TextWriter writer)
    {
        if (!string.IsNullOrEmpty(Instrument.Description))
        {
            writer.Write($"# HELP {Name} {PrometheusText.EscapeHelp(Instrument.Description)}\n");
        }

        writer.Write($"# TYPE {Name} {type}\n");
        WriteSeries(writer);
    }

    protected abstract void WriteSeries(TextWriter writer);

    protected static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
}
