using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeepSeek.Edge.FleetBench;

/// <summary>
/// Watches commits while the bench publishes: every <see cref="ProbeInterval"/> it asks the database which new samples of the probe
/// devices (an evenly spread subset) are there, and takes the time it first sees one as its commit time; every 250 ms it counts all
/// samples, for the stored rate over time. Publish-to-commit latency is then that time minus the sample's publish time, so it
/// includes up to one probe interval of polling.
/// </summary>
internal sealed class CommitWatch(BenchDatabase database, TelemetryPublisher publisher, int[] probes, long storedBefore)
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(25);

    private readonly Dictionary<string, (int Index, long Low, HashSet<long> Above)> _probes =
        probes.ToDictionary(TelemetryPublisher.DeviceId, i => (i, 0L, new HashSet<long>()), StringComparer.Ordinal);

    public ConcurrentQueue<double> LatencySeconds { get; } = new();

    /// <summary>(seconds since the start, samples stored) every 250 ms.</summary>
    public ConcurrentQueue<(double At, long Stored)> Progress { get; } = new();

    public async Task RunProbesAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sql = new StringBuilder("SELECT device, seq FROM telemetry_samples WHERE epoch = @epoch AND (");
            var first = true;
            foreach (var (device, state) in _probes)
            {
                sql.Append(first ? "" : " OR ").Append(CultureInfo.InvariantCulture, $"(device = '{device}' AND seq > {state.Low})");
                first = false;
            }

            var rows = database.Samples(sql.Append(')').ToString(), ("epoch", publisher.Epoch));
            var seen = Stopwatch.GetTimestamp();
            foreach (var (device, seq) in rows)
            {
                var (index, low, above) = _probes[device];
                if (!above.Add(seq)) continue;
                var k = (seq - 1) * publisher.Devices + index;
                LatencySeconds.Enqueue(Stopwatch.GetElapsedTime(publisher.PublishedAt[k], seen).TotalSeconds);
                while (above.Remove(low + 1)) low++;
                _probes[device] = (index, low, above);
            }

            try
            {
                await Task.Delay(ProbeInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Counts until <paramref name="expected"/> new samples are stored, or none came for <paramref name="stallSeconds"/> (the rest is then missing).</summary>
    public async Task RunCountAsync(long startTicks, long expected, double stallSeconds, CancellationToken stop)
    {
        var (last, lastChange) = (-1L, 0.0);
        while (!stop.IsCancellationRequested)
        {
            var stored = database.Scalar("SELECT count(*) FROM telemetry_samples") - storedBefore;
            var at = Stopwatch.GetElapsedTime(startTicks).TotalSeconds;
            Progress.Enqueue((at, stored));
            if (stored >= expected) return;
            if (stored != last) (last, lastChange) = (stored, at);
            else if (at - lastChange > stallSeconds && stored > 0) return;
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Samples per second between the moments 10 % and 90 % of <paramref name="expected"/> were stored (the steady middle of the run).</summary>
    public double SustainedRate(long expected)
    {
        var points = Progress.ToArray();
        var from = points.FirstOrDefault(p => p.Stored >= expected / 10);
        var to = points.FirstOrDefault(p => p.Stored >= expected * 9 / 10);
        return to.At > from.At ? (to.Stored - from.Stored) / (to.At - from.At) : double.NaN;
    }
}
