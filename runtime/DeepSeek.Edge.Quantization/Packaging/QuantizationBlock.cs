using System.Text.Json.Nodes;
using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Report;

namespace DeepSeek.Edge.Quantization.Packaging;

/// <summary>The manifest's <c>quantization</c> block: how the INT8 model was made, from which FP32 model, and how it compared.</summary>
public static class QuantizationBlock
{
    public static JsonObject From(QuantizationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var block = new JsonObject
        {
            ["method"] = report.Method.ToString().ToLowerInvariant(),
            ["format"] = report.Method == QuantizationMethod.Static ? "qdq" : "dynamic-matmul-integer",
        };
        if (report.Calibrator is { } calibrator) block["calibrator"] = calibrator.ToString().ToLowerInvariant();
        block["target"] = report.Target.Name();
        if (report.Activations is { } activations) block["activations"] = activations.ToString().ToLowerInvariant();
        block["weights"] = "int8-symmetric-per-channel";
        block["samples"] = report.CalibrationSamples;
        block["fp32_sha256"] = report.Fp32Sha256;

        var e = report.Evaluation;
        var outputs = new JsonObject();
        foreach (var o in e.Outputs)
            outputs[o.Output] = new JsonObject { ["mean_cosine"] = Round(o.MeanCosine), ["worst_cosine"] = Round(o.WorstCosine) };
        var evaluation = new JsonObject { ["holdout_samples"] = e.Samples, ["outputs"] = outputs };
        if (e.Classification is { } c)
            evaluation["classification"] = new JsonObject { ["top1_agreement"] = Round(c.Top1Agreement), [$"top{c.K}_overlap"] = Round(c.TopKOverlap) };
        if (e.Detection is { } d)
        {
            evaluation["detection"] = new JsonObject
            {
                ["fp32_boxes"] = d.Fp32Detections, ["int8_boxes"] = d.Int8Detections, ["matched"] = d.Matched,
                ["mean_iou"] = Round(d.MeanIoU), ["worst_iou"] = Round(d.WorstIoU), ["max_score_delta"] = Round(d.MaxScoreDelta),
            };
        }

        block["evaluation"] = evaluation;
        var figures = new JsonObject();
        foreach (var f in report.Verdict.Figures)
            figures[f.Key] = new JsonObject { ["measured"] = Round(f.Measured), ["minimum"] = Round(f.Minimum), ["met"] = f.Met };
        block["accuracy_gate"] = new JsonObject
        {
            ["passed"] = report.Verdict.Passed,
            ["figures"] = figures,
            ["misses"] = new JsonArray(report.Verdict.Misses.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
        };
        if (report.MixedPrecision is { } mixed) block["mixed_precision"] = MixedPrecisionBlock.From(mixed);
        return block;
    }

    private static double Round(double v) => Math.Round(v, 5);
}
