using System.Text.Json;

namespace DeepSeek.Edge.Pipelines.Profiling;

/// <summary>Reads an ONNX Runtime profiler trace (Chrome trace JSON) and sums kernel time per operator type.</summary>
public static class OrtProfileReader
{
    /// <summary>The operators that took the most kernel time, most first.</summary>
    public static IReadOnlyList<OperatorTime> TopOperators(string tracePath, int count = 10)
    {
        ArgumentException.ThrowIfNullOrEmpty(tracePath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var stream = File.OpenRead(tracePath);
        using var trace = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        var events = trace.RootElement.ValueKind == JsonValueKind.Array
            ? trace.RootElement
            : trace.RootElement.GetProperty("traceEvents");
        var totals = new Dictionary<string, (double Micros, long Calls)>(StringComparer.Ordinal);
        foreach (var e in events.EnumerateArray())
        {
            if (!e.TryGetProperty("cat", out var cat) || cat.GetString() != "Node") continue;
            if (!e.TryGetProperty("name", out var name) || name.GetString()?.EndsWith("_kernel_time", StringComparison.Ordinal) != true) continue;
            if (!e.TryGetProperty("dur", out var dur) || !e.TryGetProperty("args", out var args)) continue;
            if (!args.TryGetProperty("op_name", out var op) || op.GetString() is not { } opName) continue;
            var (micros, calls) = totals.GetValueOrDefault(opName);
            totals[opName] = (micros + dur.GetDouble(), calls + 1);
        }

        var all = totals.Values.Sum(t => t.Micros);
        return totals
            .OrderByDescending(t => t.Value.Micros)
            .Take(count)
            .Select(t => new OperatorTime(t.Key, t.Value.Micros / 1000.0, t.Value.Calls, all > 0 ? t.Value.Micros / all : 0))
            .ToArray();
    }
}
