using System.Globalization;
using DeepSeek.Edge.Pipelines.Profiling;

namespace DeepSeek.Edge.Agent.Cli.Profile;

/// <summary>The human-readable <c>profile</c> report.</summary>
internal static class ProfileText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, ProfileReport r)
    {
        var c = r.Counters;
        w.WriteLine(string.Create(Inv, $"model {r.Model.Id} on {r.Model.Provider}; source {r.Source}; {r.Seconds:0.00} s"));
        w.WriteLine(string.Create(Inv, $"frames: {c.Captured} in ({r.FpsIn:0.0} fps), {c.Processed} out ({r.FpsOut:0.0} fps), {c.Dropped} dropped{Reasons(c.DroppedByReason)}, {c.Skipped} skipped"));
        w.WriteLine();
        w.WriteLine("stage           frames    p50 ms    p95 ms    p99 ms   mean ms   share");
        foreach (var s in r.Stages) Row(w, s, s.Stage == "queue" ? "  (wait)" : string.Create(Inv, $"{s.Share * 100,6:0.0} %"));
        Row(w, r.EndToEnd, "");
        w.WriteLine();
        w.WriteLine(string.Create(Inv, $"process: CPU {r.Process.CpuPercent:0} % of one core ({r.Process.Cores} cores), peak RSS {r.Process.PeakRssBytes / (1024.0 * 1024.0):0.0} MiB"));
        if (r.Operators.Count == 0) return;
        w.WriteLine();
        w.WriteLine($"top operators by kernel time (ONNX Runtime profiler; trace {r.OrtTrace}):");
        foreach (var op in r.Operators)
            w.WriteLine(string.Create(Inv, $"  {op.Operator,-22} {op.TotalMs,10:0.0} ms  {op.Share * 100,5:0.0} %  {op.Calls,8} calls"));
    }

    private static void Row(TextWriter w, StageProfile s, string share) =>
        w.WriteLine(string.Create(Inv, $"{s.Stage,-12} {s.Frames,9} {s.P50Ms,9:0.000} {s.P95Ms,9:0.000} {s.P99Ms,9:0.000} {s.MeanMs,9:0.000}  {share}"));

    private static string Reasons(IReadOnlyDictionary<string, long> byReason) =>
        byReason.Count == 0 ? "" : " (" + string.Join(", ", byReason.Select(p => $"{p.Key} {p.Value}")) + ")";
}
