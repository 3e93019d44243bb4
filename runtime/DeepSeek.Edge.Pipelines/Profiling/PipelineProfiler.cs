using System.Diagnostics.Metrics;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Inference.Telemetry;
using DeepSeek.Edge.Pipelines.Metrics;
using DeepSeek.Edge.Pipelines.Pipeline;

namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>
/// Collects one camera's stage and end-to-end timings from the DeepSeek.Edge meter (the same measurements any metrics
/// exporter sees) and summarises them as percentiles and shares of time.
/// </summary>
public sealed class PipelineProfiler : IDisposable
{
    private const string EndToEndName = "end-to-end";

    private readonly MeterListener _listener = new();
    private readonly string _camera;
    private readonly object _gate = new();
    private readonly Dictionary<string, LatencyStats> _stages = PipelineStages.All.ToDictionary(s => s, _ => new LatencyStats(), StringComparer.Ordinal);
    private readonly LatencyStats _endToEnd = new();

    public PipelineProfiler(string camera)
    {
        ArgumentException.ThrowIfNullOrEmpty(camera);
        _camera = camera;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EdgeMeter.Name && instrument.Name is "dsedge.pipeline.stage.duration" or "dsedge.pipeline.latency")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Stage profiles in pipeline order; shares are of the work time (every stage but the queue).</summary>
    public IReadOnlyList<StageProfile> Stages()
    {
        lock (_gate)
        {
            var work = _stages.Where(s => s.Key != PipelineStages.Queue).Sum(s => s.Value.Total);
            return PipelineStages.All
                .Select(s => Profile(s, _stages[s], s == PipelineStages.Queue || work <= 0 ? 0 : _stages[s].Total / work))
                .ToArray();
        }
    }

    public StageProfile EndToEnd()
    {
        lock (_gate) return Profile(EndToEndName, _endToEnd, 0);
    }

    /// <summary>The whole report for a run that took <paramref name="elapsed"/>.</summary>
    public ProfileReport Report(CameraPipeline camera, TimeSpan elapsed, ProcessUsage usage, IReadOnlyList<OperatorTime> operators, string? ortTrace)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var counters = camera.Counters;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new ProfileReport(camera.Name, camera.Source, camera.Host.Current, elapsed.TotalSeconds, counters,
            counters.Captured / seconds, counters.Processed / seconds, Stages(), EndToEnd(), usage, operators, ortTrace);
    }

    public void Dispose() => _listener.Dispose();

    private static StageProfile Profile(string name, LatencyStats stats, double share) =>
        new(name, stats.Count, stats.Percentile(50), stats.Percentile(95), stats.Percentile(99), stats.Mean, share);

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var value = seconds * 1000; // the profile reports milliseconds
        string? camera = null;
        string? stage = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "camera") camera = tag.Value as string;
            else if (tag.Key == "stage") stage = tag.Value as string;
        }

        if (camera != _camera) return;
        lock (_gate)
        {
            if (instrument.Name == "dsedge.pipeline.latency") _endToEnd.Add(value);
            else if (stage is not null && _stages.TryGetValue(stage, out var stats)) stats.Add(value);
        }
    }
}
