using System.Collections.Concurrent;
using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Pipelines.Pipeline;
using DeepSeek.Edge.Protocol.Documents;
using OpenCvSharp;

namespace DeepSeek.Edge.Agent.Captures;

/// <summary>
/// One camera's output quality per model version between two telemetry samples: frames, detections, a fixed-bin score
/// histogram and frames in the uncertainty band. Counting a result allocates nothing (the version's counters are looked up
/// only when the model changes); <see cref="Drain"/> reads and resets them.
/// </summary>
internal sealed class QualityCounter(string camera, CaptureOptions band, TimeProvider time) : IResultSink
{
    private readonly ConcurrentDictionary<ModelIdentity, VersionCounts> _byModel = new();
    private ModelIdentity? _model;
    private VersionCounts? _counts;
    private long _errorsSeen;
    private long _since = time.GetTimestamp();

    public ValueTask WriteAsync(PipelineResult result, Mat frame, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(result.Model, _model) || _counts is null)
        {
            _counts = _byModel.GetOrAdd(result.Model, static _ => new VersionCounts());
            _model = result.Model;
        }

        var detections = result.Output.Detections;
        var counts = _counts;
        Interlocked.Increment(ref counts.Frames);
        Interlocked.Add(ref counts.Detections, detections.Count);
        for (var i = 0; i < detections.Count; i++)
        {
            var bin = Math.Clamp((int)(detections[i].Score * QualitySample.ScoreBins), 0, QualitySample.ScoreBins - 1);
            Interlocked.Increment(ref counts.Histogram[bin]);
        }

        if (CaptureSink.InBand(detections, band)) Interlocked.Increment(ref counts.Uncertain);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The samples since the last call, one per model version that delivered a result or lost frames; the camera's
    /// preprocessing and inference errors since then (<paramref name="errorsTotal"/> is the running total) go to the model
    /// that runs now, <paramref name="current"/>.
    /// </summary>
    public IReadOnlyList<QualitySample> Drain(long errorsTotal, ModelIdentity? current)
    {
        var now = time.GetTimestamp();
        var interval = Math.Round(time.GetElapsedTime(_since, now).TotalSeconds, 1);
        _since = now;
        var errors = Math.Max(0, errorsTotal - _errorsSeen);
        _errorsSeen = errorsTotal;
        if (current is not null) _byModel.GetOrAdd(current, static _ => new VersionCounts());
        var samples = new List<QualitySample>();
        foreach (var (model, counts) in _byModel)
        {
            var frames = Interlocked.Exchange(ref counts.Frames, 0);
            var detections = Interlocked.Exchange(ref counts.Detections, 0);
            var uncertain = Interlocked.Exchange(ref counts.Uncertain, 0);
            var histogram = new long[QualitySample.ScoreBins];
            for (var i = 0; i < histogram.Length; i++) histogram[i] = Interlocked.Exchange(ref counts.Histogram[i], 0);
            var modelErrors = Equals(model, current) ? errors : 0;
            if (frames == 0 && modelErrors == 0) continue;
            samples.Add(new QualitySample(
                camera, model.Name, model.Version, interval, frames, detections, frames == 0 ? 0 : Math.Round((double)detections / frames, 4),
                histogram, uncertain, frames == 0 ? 0 : Math.Round((double)uncertain / frames, 4), modelErrors));
        }

        return samples;
    }

    private sealed class VersionCounts
    {
        public long Frames;
        public long Detections;
        public long Uncertain;
        public readonly long[] Histogram = new long[QualitySample.ScoreBins];
    }
}
