using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeepSeek.Edge.Pipelines.Capture;

namespace DeepSeek.Edge.Pipelines.Metrics;

/// <summary>The running cameras whose source state the state gauge reports.</summary>
internal static class CameraRegistry
{
    private static readonly ConcurrentDictionary<SourceStatus, byte> Cameras = new();
    private static readonly SourceState[] States = Enum.GetValues<SourceState>();

    public static void Add(SourceStatus status)
    {
        Cameras[status] = 0;
        _ = PipelineMetrics.SourceStateGauge;
    }

    public static void Remove(SourceStatus status) => Cameras.TryRemove(status, out _);

    public static IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var status in Cameras.Keys)
        {
            var current = status.State;
            foreach (var state in States)
                yield return new Measurement<int>(state == current ? 1 : 0, new("camera", status.Camera), new("state", SourceStates.Name(state)));
        }
    }
}
