using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeepSeek.Edge.Agent.Cameras;

/// <summary>Frames per second of a counter, measured between two reads at least a second apart.</summary>
internal static class FpsMeter
{
    private static readonly ConcurrentDictionary<string, (long Count, long Timestamp, double Rate)> Last = new();

    public static double Rate(string key, long count)
    {
        var now = Stopwatch.GetTimestamp();
        var updated = Last.AddOrUpdate(key, _ => (count, now, 0), (_, previous) =>
        {
            var seconds = Stopwatch.GetElapsedTime(previous.Timestamp, now).TotalSeconds;
            return seconds < 1 ? previous : (count, now, Math.Max(0, (count - previous.Count) / seconds));
        });
        return Math.Round(updated.Rate, 1);
    }
}
