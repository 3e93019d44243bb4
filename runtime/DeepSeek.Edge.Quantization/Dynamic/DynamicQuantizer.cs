using DeepSeek.Edge.Quantization.Onnx;
using DeepSeek.Edge.Quantization.Qdq;
using Onnx;

namespace DeepSeek.Edge.Quantization.Dynamic;

/// <summary>
/// Dynamic quantization for MatMul-heavy models: MatMul/Gemm weights become int8 (symmetric, per output column)
/// offline; activations are quantized on the fly each run. Each op becomes
/// <c>DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul(scale)</c>, the pattern ORT fuses into
/// DynamicQuantizeMatMul. No calibration data is needed.
/// </summary>
public static class DynamicQuantizer
{
    public static DynamicQuantizationResult Quantize(ModelProto fp32, DynamicQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(options);
        var prepared = GraphPreparer.Prepare(fp32);
        var model = prepared.Model;
        var graph = model.Graph;
        ExclusionCheck.Validate(graph, options.ExcludeNodes, options.ExcludeOpTypes);
        var index = new GraphIndex(graph);
        var types = ElementTypes.Infer(graph);
        var names = new UniqueNames(graph);
        var excludeNodes = options.ExcludeNodes.ToHashSet(StringComparer.Ordinal);
        var excludeOps = options.ExcludeOpTypes.ToHashSet(StringComparer.OrdinalIgnoreCase);

        var replacements = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        var quantizedInputs = new Dictionary<string, (string Q, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.OpType is not ("MatMul" or "Gemm") || !OnnxNodes.IsDefaultDomain(node.Domain)) continue;
            if (excludeNodes.Contains(node.Name) || excludeOps.Contains(node.OpType)) continue;
            if (!types.TryGetValue(node.Input[0], out var t) || t != (int)TensorProto.Types.DataType.Float || index.IsInitializer(node.Input[0])) continue;
            var weight = WeightMatrix.Of(node, index);
            if (weight is null) continue;

            var nodes = new List<NodeProto>();
            var label = node.Name.Length > 0 ? node.Name : node.Output[0];
            if (!quantizedInputs.TryGetValue(node.Input[0], out var input))
            {
                input = (names.Next($"{node.Input[0]}_quantized"), names.Next($"{node.Input[0]}_scale"), names.Next($"{node.Input[0]}_zero_point"));
                nodes.Add(OnnxNodes.Create("DynamicQuantizeLinear", names.Next($"{node.Input[0]}_DynamicQuantizeLinear"), [node.Input[0]], [input.Q, input.Scale, input.ZeroPoint]));
                quantizedInputs[node.Input[0]] = input;
            }

            var q = WeightQuantizer.Quantize(weight.Values, weight.Dims, 1);
            var columns = q.Scales.Length;
            var values = names.Next($"{weight.Name}_quantized");
            var zeroPoint = names.Next($"{weight.Name}_zero_point");
            var scale = names.Next($"{weight.Name}_scale");
            graph.Initializer.Add(TensorData.Int8(values, weight.Dims, q.Values));
            graph.Initializer.Add(TensorData.Int8(zeroPoint, [columns], new sbyte[columns]));
            graph.Initializer.Add(TensorData.Float(scale, [columns], q.Scales));

            var integer = names.Next($"{label}_MatMulInteger_Output");
            var asFloat = names.Next($"{label}_Cast_Output");
            var combinedScale = names.Next($"{label}_scale");
            var product = weight.Bias is null ? node.Output[0] : names.Next($"{label}_MatMul_Output");
            nodes.Add(OnnxNodes.Create("MatMulInteger", names.Next($"{label}_MatMulInteger"), [input.Q, values, input.ZeroPoint, zeroPoint], [integer]));
            var cast = OnnxNodes.Create("Cast", names.Next($"{label}_Cast"), [integer], [asFloat]);
            cast.SetInt("to", (int)TensorProto.Types.DataType.Float);
            nodes.Add(cast);
            nodes.Add(OnnxNodes.Create("Mul", names.Next($"{label}_scale_Mul"), [input.Scale, scale], [combinedScale]));
            nodes.Add(OnnxNodes.Create("Mul", names.Next($"{label}_Mul"), [asFloat, combinedScale], [product]));
            if (weight.Bias is not null) nodes.Add(OnnxNodes.Create("Add", names.Next($"{label}_bias_Add"), [product, weight.Bias], [node.Output[0]]));
            replacements[node] = nodes;
            counts[node.OpType] = counts.GetValueOrDefault(node.OpType) + 1;
        }

        if (replacements.Count == 0)
            throw new QuantizationException("the model has no MatMul or Gemm with constant weights, so dynamic quantization would leave it unchanged; use --method static (convolutional models)");

        var ordered = graph.Node.SelectMany(n => replacements.TryGetValue(n, out var r) ? r : [n]).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        GraphCleanup.RemoveUnusedInitializers(graph);
        return new DynamicQuantizationResult(model, counts, prepared.Notes);
    }
}
