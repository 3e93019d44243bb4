using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Telemetry;

namespace DeepSeek.Edge.Pipelines.Tests.Support;

/// <summary>Listens to the DeepSeek.Edge meter and keeps the measurements with one tag value (a camera by default).</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _key;
    private readonly string _value;

    public MetricRecorder(string camera)
        : this("camera", camera)
    {
    }

    public MetricRecorder(string key, string value)
    {
        _key = key;
        _value = value;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EdgeMeter.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)> Measurements { get; } = new();

    public double Sum(string instrument, params (string Key, string Value)[] where) => Matching(instrument, where).Sum(m => m.Value);

    public int Count(string instrument, params (string Key, string Value)[] where) => Matching(instrument, where).Count();

    public IEnumerable<(string Instrument, double Value, Dictionary<string, string> Tags)> Matching(string instrument, params (string Key, string Value)[] where) =>
        Measurements.Where(m => m.Instrument == instrument && where.All(w => m.Tags.TryGetValue(w.Key, out var v) && v == w.Value));

    /// <summary>Polls the observable instruments (the source state gauge) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string>();
        foreach (var tag in tags) map[tag.Key] = tag.Value?.ToString() ?? "";
        if (map.TryGetValue(_key, out var found) && found == _value) Measurements.Enqueue((instrument.Name, value, map));
    }
}
