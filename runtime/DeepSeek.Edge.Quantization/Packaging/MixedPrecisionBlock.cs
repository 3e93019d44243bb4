using System.Text.Json.Nodes;
using DeepSeek.Edge.Quantization.Mixed;

namespace DeepSeek.Edge.Quantization.Packaging;

/// <summary>The <c>quantization.mixed_precision</c> record: the layers kept float, what that cost against all-INT8, and the layer analysis.</summary>
public static class MixedPrecisionBlock
{
    /// <summary>The most sensitive layers recorded, of all measured.</summary>
    public const int RecordedLayers = 10;

    public static JsonObject From(MixedPrecisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var allInt8 = new JsonObject { ["bytes"] = result.AllInt8Bytes };
        if (result.AllInt8Speedup is { } speedup) allInt8["speedup"] = Math.Round(speedup, 3);
        allInt8["misses"] = Strings(result.AllInt8Verdict?.Misses ?? []);
        return new JsonObject
        {
            ["passed"] = result.Passed,
            ["float_layers"] = Strings(result.Chosen?.FloatLayers.Select(l => l.Description) ?? []),
            ["all_int8"] = allInt8,
            ["search"] = new JsonObject
            {
                ["max_float_layers"] = result.MaxFloatLayers,
                ["sensitivity_samples"] = result.SensitivitySamples,
                ["layers_measured"] = result.Sensitivities.Count,
                ["trials"] = new JsonArray(result.Trials.Select(t => (JsonNode)new JsonObject
                {
                    ["float_layers"] = t.FloatLayers.Count, ["bytes"] = t.Bytes, ["passed"] = t.Verdict.Passed, ["misses"] = Strings(t.Verdict.Misses),
                }).ToArray()),
            },
            ["most_sensitive"] = new JsonArray(result.Sensitivities.Take(RecordedLayers).Select(s => (JsonNode)new JsonObject
            {
                ["layer"] = s.Layer.Description, ["op"] = s.Layer.OpType, ["error"] = Math.Round(s.Error, 6),
            }).ToArray()),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
