using Microsoft.ML.OnnxRuntime;

namespace DeepSeek.Edge.Quantization.Evaluation;

/// <summary>
/// Checks that a quantized model is a drop-in replacement: the same input and output names, element types and
/// shapes as the FP32 model, so <c>ds-edge infer</c>, the pipelines and the manifest need no change.
/// </summary>
public static class ModelInterface
{
    public static void RequireSame(InferenceSession reference, InferenceSession candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        Compare("input", reference.InputMetadata, candidate.InputMetadata);
        Compare("output", reference.OutputMetadata, candidate.OutputMetadata);
    }

    private static void Compare(string kind, IReadOnlyDictionary<string, NodeMetadata> reference, IReadOnlyDictionary<string, NodeMetadata> candidate)
    {
        var a = reference.Keys.ToArray();
        var b = candidate.Keys.ToArray();
        if (!a.SequenceEqual(b, StringComparer.Ordinal))
            throw new InvalidOperationException($"the quantized model's {kind}s are [{string.Join(", ", b)}] but the FP32 model's are [{string.Join(", ", a)}]; it would not be a drop-in replacement");

        foreach (var name in a)
        {
            var r = Describe(reference[name]);
            var c = Describe(candidate[name]);
            if (r != c)
                throw new InvalidOperationException($"the quantized model's {kind} \"{name}\" is {c} but the FP32 model's is {r}; it would not be a drop-in replacement");
        }
    }

    private static string Describe(NodeMetadata m) =>
        $"{(m.IsTensor ? m.ElementDataType.ToString() : m.OnnxValueType.ToString())} [{string.Join(",", m.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : m.SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
}
