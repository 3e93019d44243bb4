using DeepSeek.Edge.Agent.Configuration;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Agent.Events;

/// <summary>
/// Decides, frame by frame, which detections of one camera become events: at most one per label per
/// <see cref="EventOptions.MinIntervalMs"/>, so a person standing in view is not reported 30 times a second,
/// flagged as <see cref="DetectionEvent.Appeared"/> when the label had been absent for <see cref="EventOptions.AbsentResetMs"/>.
/// Not thread-safe: one camera's frames arrive in order on one thread.
/// </summary>
public sealed class DetectionEventFilter
{
    private readonly EventOptions _options;
    private readonly Dictionary<string, (DateTimeOffset LastSeen, DateTimeOffset? LastEvent)> _labels = new(StringComparer.Ordinal);

    public DetectionEventFilter(EventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The events this frame raises (the best detection per label), given the frame's time.</summary>
    public IReadOnlyList<DetectionEvent> Filter(IReadOnlyList<Detection> detections, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(detections);
        if (!_options.Enabled || detections.Count == 0) return [];
        List<DetectionEvent>? raised = null;
        foreach (var best in BestPerLabel(detections))
        {
            var known = _labels.TryGetValue(best.Label, out var state);
            var appeared = !known || now - state.LastSeen >= TimeSpan.FromMilliseconds(_options.AbsentResetMs);
            var due = !known || state.LastEvent is null || now - state.LastEvent.Value >= TimeSpan.FromMilliseconds(_options.MinIntervalMs);
            if (due)
            {
                (raised ??= []).Add(new DetectionEvent(best, appeared));
                _labels[best.Label] = (now, now);
            }
            else
            {
                _labels[best.Label] = (now, state.LastEvent);
            }
        }

        return raised ?? (IReadOnlyList<DetectionEvent>)[];
    }

    private IEnumerable<Detection> BestPerLabel(IReadOnlyList<Detection> detections) =>
        detections
            .Where(d => d.Score >= _options.MinScore && (_options.Labels.Count == 0 || _options.Labels.Contains(d.Label)))
            .GroupBy(d => d.Label, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Score)!);
}
