using System.Globalization;
using System.Text;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Evaluation;

namespace DeepSeek.Edge.Quantization.Report;

/// <summary>Formats a <see cref="QuantizationReport"/> as the text <c>ds-edge quantize</c> prints: FP32 and INT8 side by side.</summary>
public static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(QuantizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var e = report.Evaluation;
        var s = new StringBuilder();
        Line(s, $"quantized {report.Model} -> {report.OutputDirectory}");
        Line(s, $"  method       {Method(report)}");
        Line(s, $"  samples      {report.CalibrationSamples} calibration, {e.Samples} held out");
        if (report.PreparationNotes.Count > 0) Line(s, $"  prepared     {string.Join("; ", report.PreparationNotes)}");
        Line(s, $"  quantized    {Counts(report.QuantizedNodes)}{(report.ActivationPairs > 0 ? $"; {report.ActivationPairs} activation Q/DQ pairs" : "")}");
        if (report.Excluded.Count > 0) Line(s, $"  kept float   {string.Join(", ", report.Excluded)}");
        if (report.KeptFloat.Count > 0) Line(s, $"  with them    {report.KeptFloat.Count} neighbour(s) that read or write their float tensors: {string.Join(", ", report.KeptFloat)}");
        Line(s, "");
        Line(s, $"  {"",-22}{"FP32",12}{"INT8",12}");
        Line(s, $"  {"size",-22}{Mb(report.Fp32Bytes),12}{Mb(report.Int8Bytes),12}   {Ratio(report.Fp32Bytes, report.Int8Bytes)}x smaller");
        if (e.Fp32Latency is { } f && e.Int8Latency is { } q)
        {
            Line(s, $"  {$"latency median ({e.Threads}t)",-22}{Ms(f.MedianMs),12}{Ms(q.MedianMs),12}   {Speed(e.Speedup)}");
            Line(s, $"  {"latency p90",-22}{Ms(f.P90Ms),12}{Ms(q.P90Ms),12}   ({f.Runs} interleaved runs each)");
        }

        Line(s, "");
        Line(s, $"  accuracy of INT8 against FP32 on {e.Samples} held-out image(s):");
        foreach (var o in e.Outputs)
            Line(s, $"    output {o.Output}: cosine mean {F4(o.MeanCosine)}, worst {F4(o.WorstCosine)} ({Path.GetFileName(o.WorstSample)}), max |diff| {o.MaxAbsDifference.ToString("G4", Invariant)}");
        if (e.Classification is { } c)
            Line(s, $"    classification ({c.Output}): top-1 agreement {Pct(c.Top1Agreement)}, top-{c.K} overlap {Pct(c.TopKOverlap)}");
        if (e.Detection is { } d)
        {
            Line(s, $"    detection: {d.Matched}/{d.Fp32Detections} FP32 boxes matched (INT8 found {d.Int8Detections}); " +
                $"IoU mean {F4(d.MeanIoU)}, worst {F4(d.WorstIoU)}; score delta mean {F4(d.MeanScoreDelta)}, max {F4(d.MaxScoreDelta)}");
        }

        if (e.Int8Kernels.Count > 0) Line(s, $"  ORT runs the INT8 model as: {Counts(e.Int8Kernels)}");
        Line(s, "");
        Line(s, "  accuracy budget:");
        foreach (var g in report.Verdict.Figures)
            Line(s, $"    {g.Name,-34}{F4(g.Measured),8}  (at least {F4(g.Minimum)})  {(g.Met ? "met" : "MISSED")}");
        if (report.MixedPrecision is { } mixed) MixedPrecisionSection.Append(s, report, mixed);
        if (report.Verdict.Passed) Line(s, "  INT8 meets the accuracy budget" + (report.Written ? "" : "; nothing was written"));
        else if (report.Written) Line(s, $"  INT8 MISSES the accuracy budget ({string.Join("; ", report.Verdict.Misses)}); written anyway (--force), the manifest records the miss");
        else if (report.MixedPrecision is { } failed) Line(s, $"  INT8 MISSES the accuracy budget ({string.Join("; ", report.Verdict.Misses)}) even with the {failed.MaxFloatLayers} most sensitive layers float; NOT written. Raise --max-float-layers, exclude more (--exclude-op, --exclude-node; the layer analysis above), try another --calibrator, keep the model FP32, or give --force to write the all-INT8 model anyway");
        else Line(s, $"  INT8 MISSES the accuracy budget ({string.Join("; ", report.Verdict.Misses)}); NOT written. Exclude the sensitive layers (--exclude-op, --exclude-node), try another --calibrator, or give --force to write it anyway");
        return s.ToString();
    }

    private static string Method(QuantizationReport r) => r.Method == QuantizationMethod.Static
        ? $"static QDQ for {r.Target.Name()}, calibrator {r.Calibrator?.ToString().ToLowerInvariant()}, activations {r.Activations?.ToString().ToLowerInvariant()} per tensor, weights int8 symmetric per channel"
        : "dynamic: int8 MatMul/Gemm weights per column, activations quantized at run time";

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "nothing" : string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} x{c.Value}"));

    private static string Speed(double? speedup) => speedup switch
    {
        null => "",
        >= 1.005 => $"{speedup.Value.ToString("0.00", Invariant)}x faster",
        > 0.995 => "same speed",
        _ => $"{(1 / speedup.Value).ToString("0.00", Invariant)}x slower",
    };

    private static string Mb(long bytes) => $"{(bytes / 1_000_000.0).ToString("0.00", Invariant)} MB";

    private static string Ms(double ms) => $"{ms.ToString("0.00", Invariant)} ms";

    private static string Ratio(long a, long b) => b == 0 ? "-" : ((double)a / b).ToString("0.00", Invariant);

    private static string F4(double v) => v.ToString("0.0000", Invariant);

    private static string Pct(double v) => (v * 100).ToString("0.0", Invariant) + "%";

    private static void Line(StringBuilder s, string text) => s.Append(text).Append('\n');
}
