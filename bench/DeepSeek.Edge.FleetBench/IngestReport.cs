using System.Globalization;

namespace DeepSeek.Edge.FleetBench;

/// <summary>The ingest table, one row per target, with the stored rate as a ratio of the same target's baseline row (with <c>--baseline</c>), else of the first row's.</summary>
internal static class IngestReport
{
    public static void Print(IReadOnlyList<IngestResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        double Baseline(IngestResult r) =>
            (results.FirstOrDefault(b => b.Target == r.Target + " (baseline)") ?? (r.Target.EndsWith(" (baseline)", StringComparison.Ordinal) ? r : results[0])).SustainedRate;
        Console.WriteLine();
        Console.WriteLine("| target | published msg/s | stored msg/s (sustained) | overall | vs baseline | publish->commit p50 / p99 ms | publish->rx p50 / p99 ms | stored | missing | duplicates | dead letters | peak RSS MiB | peak managed heap MiB | allocated B/msg | console CPU us/msg | msg/batch | stored by replica |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(inv,
                $"| {r.Target} | {r.PublishRate:0} | {r.SustainedRate:0} | {r.OverallRate:0} | {r.SustainedRate / Baseline(r):0.00} | {r.CommitP50 * 1000:0} / {r.CommitP99 * 1000:0} | {r.ReceiveP50 * 1000:0} / {r.ReceiveP99 * 1000:0} | {r.Stored} | {r.Missing} | {r.Duplicates} | {r.DeadLetters} | {r.PeakRssBytes / 1048576.0:0} | {r.PeakManagedBytes / 1048576.0:0} | {r.AllocatedBytesPerMessage:0} | {r.CpuMicrosecondsPerMessage:0} | {r.MessagesPerBatch:0} | {string.Join(" + ", r.StoredByReplica)} |"));
        }
    }
}
