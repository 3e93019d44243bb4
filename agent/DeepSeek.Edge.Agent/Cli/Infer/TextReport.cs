using System.Globalization;
using DeepSeek.Edge.Inference.Running;
using DeepSeek.Edge.Models.Results;

namespace DeepSeek.Edge.Agent.Cli.Infer;

/// <summary>Human-readable <c>infer</c> output: results per frame, then the provider and stage timings.</summary>
internal static class TextReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteFrame(TextWriter w, int frame, string source, DecodedOutput output)
    {
        w.WriteLine(string.Create(Inv, $"frame {frame} ({source}): {Summary(output)}"));
        foreach (var d in output.Detections)
            w.WriteLine(string.Create(Inv, $"  {d.Label,-12} {d.Score:0.000}  box x={d.Box.X:0.0} y={d.Box.Y:0.0} w={d.Box.Width:0.0} h={d.Box.Height:0.0}"));
        foreach (var c in output.Classes)
            w.WriteLine(string.Create(Inv, $"  {c.Label,-12} {c.Score:0.000}"));
        if (output.Embedding is { } e)
            w.WriteLine(string.Create(Inv, $"  embedding[{e.Length}] = [{string.Join(", ", e.Take(6).Select(v => v.ToString("0.0000", Inv)))}{(e.Length > 6 ? ", ..." : "")}]"));
    }

    public static void WriteSummary(TextWriter w, string model, string provider, int frames, int unreadable, LatencyStats pre, LatencyStats infer, LatencyStats decode)
    {
        w.WriteLine();
        w.WriteLine(string.Create(Inv, $"model {model} on execution provider {provider}; {frames} frame(s){(unreadable > 0 ? $", {unreadable} unreadable image(s) skipped" : "")}"));
        w.WriteLine("stage          p50 ms    p95 ms   mean ms");
        Row(w, "preprocess", pre);
        Row(w, "inference", infer);
        Row(w, "decode", decode);
    }

    private static void Row(TextWriter w, string name, LatencyStats s) =>
        w.WriteLine(string.Create(Inv, $"{name,-12} {s.Percentile(50),8:0.000}  {s.Percentile(95),8:0.000}  {s.Mean,8:0.000}"));

    private static string Summary(DecodedOutput o) =>
        o.Embedding is not null ? "embedding"
        : o.Classes.Count > 0 ? $"{o.Classes.Count} class(es)"
        : $"{o.Detections.Count} detection(s)";
}
