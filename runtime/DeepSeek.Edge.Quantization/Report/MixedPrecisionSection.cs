using System.Globalization;
using System.Text;
using DeepSeek.Edge.Quantization.Mixed;

namespace DeepSeek.Edge.Quantization.Report;

/// <summary>The mixed-precision part of the <c>ds-edge quantize</c> report: the layer analysis, each model tried, and what keeping layers float cost.</summary>
internal static class MixedPrecisionSection
{
    private const int ListedLayers = 10;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder s, QuantizationReport report, MixedPrecisionResult mixed)
    {
        Line(s, "");
        Line(s, $"  mixed precision: all-INT8 missed the budget ({string.Join("; ", mixed.AllInt8Verdict?.Misses ?? [])})");
        Line(s, $"    layer sensitivity (each of {mixed.Sensitivities.Count} layers quantized alone, mean 1 - cosine of the outputs on {mixed.SensitivitySamples} calibration images), most sensitive first:");
        foreach (var (l, i) in mixed.Sensitivities.Take(ListedLayers).Select((l, i) => (l, i)))
            Line(s, $"      {i + 1,2}. {l.Error.ToString("0.000000", Invariant)}  {l.Layer.Description}");
        foreach (var t in mixed.Trials)
            Line(s, $"    tried {t.FloatLayers.Count} float ({string.Join(", ", t.FloatLayers.Select(l => l.OpType))}): {Mb(t.Bytes)}, {(t.Verdict.Passed ? "meets the budget" : string.Join("; ", t.Verdict.Misses))}");
        if (mixed.Chosen is not { } chosen)
        {
            Line(s, $"    no model with at most {mixed.MaxFloatLayers} layers float meets the budget");
            return;
        }

        Line(s, $"    kept float: {string.Join(", ", chosen.FloatLayers.Select(l => l.Description))}");
        var speed = mixed.AllInt8Speedup is { } all && report.Evaluation.Speedup is { } now
            ? $"; against FP32 {Ratio(now)} (all-INT8: {Ratio(all)})"
            : "";
        Line(s, $"    cost: {Mb(chosen.Bytes)} instead of {Mb(mixed.AllInt8Bytes)} all-INT8{speed}");
    }

    private static string Ratio(double speedup) => speedup >= 1 ? $"{speedup.ToString("0.00", Invariant)}x faster" : $"{(1 / speedup).ToString("0.00", Invariant)}x slower";

    private static string Mb(long bytes) => $"{(bytes / 1_000_000.0).ToString("0.00", Invariant)} MB";

    private static void Line(StringBuilder s, string text) => s.Append(text).Append('\n');
}
