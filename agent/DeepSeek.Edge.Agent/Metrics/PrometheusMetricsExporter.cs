using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Edge.Agent.Metrics;

/// <summary>
/// Listens to every instrument of one meter (by default <see cref="EdgeMeter.Name"/>) from construction on and
/// renders what they recorded in the Prometheus text format 0.0.4, sorted by metric name then labels.
/// Counters are cumulative sums; up-down counters are sums typed gauge; gauges and observable instruments give
/// their last value (observable ones are read at each <see cref="WriteTo"/>); histograms use the instrument's
/// advised bucket boundaries, else <see cref="DefaultBuckets"/> (milliseconds). Thread-safe.
/// </summary>
public sealed class PrometheusMetricsExporter : IDisposable
{
    /// <summary>The Content-Type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Upper bounds of histogram buckets, suited to durations in milliseconds; +Inf follows.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly string _meterName;
    private readonly ILogger _logger;
    private readonly MeterListener _listener;
    private readonly Lock _familiesGate = new();
    private readonly Dictionary<string, MetricAggregator> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrapeGate = new();

    public PrometheusMetricsExporter(ILogger<PrometheusMetricsExporter> logger, string meterName = EdgeMeter.Name)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(meterName);
        _logger = logger;
        _meterName = meterName;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((MetricAggregator)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((MetricAggregator)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>The exposition as text.</summary>
    public string Render()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>Writes the exposition: reads the observable instruments, then every family.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MetricAggregator[] families;
        lock (_familiesGate) families = [.. _families.Values];
        Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));

        // One scrape at a time: observable series are cleared and read again as a whole.
        lock (_scrapeGate)
        {
            foreach (var family in families)
            {
                if (family.Observable) family.BeginObservation();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException ex)
            {
                MetricsLog.ObservationFailed(_logger, ex);
            }

            foreach (var family in families) family.WriteTo(writer);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!string.Equals(instrument.Meter.Name, _meterName, StringComparison.Ordinal)) return;
        var aggregator = Create(instrument);
        if (aggregator is null) return;

        lock (_familiesGate)
        {
            if (_families.TryGetValue(aggregator.Name, out var other))
            {
                MetricsLog.NameCollision(_logger, instrument.Name, aggregator.Name, other.Instrument.Name);
                return;
            }

            _families[aggregator.Name] = aggregator;
        }

        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricAggregator aggregator) return;
        lock (_familiesGate)
        {
            if (_families.TryGetValue(aggregator.Name, out var current) && ReferenceEquals(current, aggregator)) _families.Remove(aggregator.Name);
        }
    }

    private static MetricAggregator? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType) return null;
        var kind = type.GetGenericTypeDefinition();
        string Name(bool counter) => PrometheusText.MetricName(instrument.Name, instrument.Unit, counter);

        if (kind == typeof(Counter<>)) return new SumAggregator(instrument, Name(counter: true), "counter");
        if (kind == typeof(UpDownCounter<>)) return new SumAggregator(instrument, Name(counter: false), "gauge");
        if (kind == typeof(Histogram<>)) return new HistogramAggregator(instrument, Name(counter: false), AdvisedBuckets(instrument) ?? DefaultBuckets);
        if (kind == typeof(Gauge<>)) return new LastValueAggregator(instrument, Name(counter: false), "gauge", observable: false);
        if (kind == typeof(ObservableCounter<>)) return new LastValueAggregator(instrument, Name(counter: true), "counter", observable: true);
        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>))
        {
            return new LastValueAggregator(instrument, Name(counter: false), "gauge", observable: true);
        }

        return null;
    }

    private static double[]? AdvisedBuckets(Instrument instrument)
    {
        var bounds = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return bounds is { Length: > 0 } ? [.. bounds.Distinct().Order()] : null;
    }
}
