using System.Text.Json;

namespace DeepSeek.Edge.Inference.Placement;

/// <summary>
/// Reads node placement from an ONNX Runtime profile (Chrome trace JSON): each node's <c>*_kernel_time</c> event carries
/// <c>args.op_name</c> and <c>args.provider</c>. A node counts once however many times it ran.
/// </summary>
public static class PlacementProfile
{
    public static NodePlacement Read(string tracePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tracePath);
        using var stream = File.OpenRead(tracePath);
        using var trace = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        var events = trace.RootElement.ValueKind == JsonValueKind.Array ? trace.RootElement : trace.RootElement.GetProperty("traceEvents");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byProvider = new Dictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var e in events.EnumerateArray())
        {
            if (!e.TryGetProperty("cat", out var cat) || cat.GetString() != "Node") continue;
            if (!e.TryGetProperty("name", out var name) || name.GetString() is not { } eventName || !eventName.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            if (!e.TryGetProperty("args", out var args) || !args.TryGetProperty("provider", out var p) || p.GetString() is not { } provider) continue;
            if (!seen.Add(eventName)) continue;
            var op = args.TryGetProperty("op_name", out var o) && o.GetString() is { } opName ? opName : "unknown";
            var ops = byProvider.TryGetValue(provider, out var existing) ? existing : byProvider[provider] = new(StringComparer.Ordinal);
            ops[op] = ops.GetValueOrDefault(op) + 1;
        }

        return new NodePlacement(byProvider
            .Select(kv => new ProviderNodes(ShortName(kv.Key), kv.Value.Values.Sum(), kv.Value))
            .OrderByDescending(p => p.Nodes).ThenBy(p => p.Provider, StringComparer.Ordinal)
            .ToArray());
    }

    /// <summary><c>CPUExecutionProvider</c> → <c>cpu</c>, <c>TensorrtExecutionProvider</c> → <c>tensorrt</c>, <c>CUDAExecutionProvider</c> → <c>cuda</c>.</summary>
    public static string ShortName(string ortName) => ortName switch
    {
        "CPUExecutionProvider" => "cpu",
        "CUDAExecutionProvider" => "cuda",
        "TensorrtExecutionProvider" => "tensorrt",
        _ => ortName.Replace("ExecutionProvider", "", StringComparison.Ordinal).ToLowerInvariant(),
    };
}
