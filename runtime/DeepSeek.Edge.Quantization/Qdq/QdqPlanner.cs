using DeepSeek.Edge.Quantization.Onnx;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// Decides the QDQ layout of a prepared model, the way ORT's fusions expect it: Q/DQ on the activation inputs of
/// Conv/MatMul/Gemm, Add/Mul and pooling ops, per-channel DQ on their weights, a Q/DQ on each quantized op's
/// output. A Relu/Clip that alone reads a quantized op's output is folded into that output's range; pass-through
/// ops (MaxPool, Reshape...) reuse their input's parameters.
/// </summary>
public static class QdqPlanner
{
    public static QdqPlan Plan(ModelProto model, StaticQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var graph = model.Graph;
        ExclusionCheck.Validate(graph, options.ExcludeNodes, options.ExcludeOpTypes);
        var index = new GraphIndex(graph);
        var types = ElementTypes.Infer(graph);
        bool IsActivation(string t) =>
            t.Length > 0 && !index.IsInitializer(t) && types.TryGetValue(t, out var type) && type == (int)TensorProto.Types.DataType.Float;

        var tail = options.KeepOutputsFloat ? FloatTail(index) : new HashSet<string>(StringComparer.Ordinal);
        var excludeNodes = options.ExcludeNodes.ToHashSet(StringComparer.Ordinal);
        var excludeOps = options.ExcludeOpTypes.ToHashSet(StringComparer.OrdinalIgnoreCase);

        var nodes = new List<NodeProto>();
        var roles = new Dictionary<NodeProto, QuantRole>(ReferenceEqualityComparer.Instance);
        var weights = new List<WeightUse>();
        var absorbed = new HashSet<string>(StringComparer.Ordinal);
        var excluded = new List<string>();
        var floatNodes = new List<NodeProto>();

        foreach (var node in graph.Node)
        {
            var role = OnnxNodes.IsDefaultDomain(node.Domain) ? QuantRoles.Of(node.OpType) : QuantRole.None;
            if (role == QuantRole.None) continue;
            var key = node.Output.Count > 0 ? node.Output[0] : "";
            if (options.OnlyOutputs is { } only && !only.Contains(key)) continue;
            if (excludeNodes.Contains(node.Name) || excludeOps.Contains(node.OpType) || options.ExcludeOutputs.Contains(key))
            {
                excluded.Add(GraphIndex.Describe(node));
                floatNodes.Add(node);
                continue;
            }

            var input = node.Input.Count > 0 ? node.Input[0] : "";
            var output = node.Output.Count > 0 ? node.Output[0] : "";
            WeightUse? use = null;
            var eligible = role switch
            {
                QuantRole.Weighted => IsActivation(input) && (use = WeightOf(node, index)) is not null,
                QuantRole.Binary => node.Input.Count == 2 && IsActivation(node.Input[0]) && IsActivation(node.Input[1]),
                QuantRole.Variadic => node.Input.All(IsActivation) && IsActivation(output) && !tail.Contains(output),
                QuantRole.Unary => IsActivation(input) && IsActivation(output),
                QuantRole.PassThrough => IsActivation(input) && IsActivation(output) && !tail.Contains(output),
                QuantRole.Activation => IsActivation(output) && CanAbsorb(index, roles, input),
                _ => false,
            };
            if (!eligible) continue;
            if (use is not null) weights.Add(options.QuantizesBias ? use : use with { Bias = null });
            nodes.Add(node);
            roles[node] = role;
            if (role == QuantRole.Activation) absorbed.Add(input);
        }

        // An excluded node reads and writes float: no DQ before it and no Q right after it, or ORT fuses the pairs
        // around it back into a quantized kernel. Quantized neighbours that would read or write those tensors stay float too.
        var floatTensors = FloatTensorsAround(index, floatNodes);
        var keptFloat = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var node in nodes)
        {
            var touchesFloat = roles[node] == QuantRole.Activation
                ? floatTensors.Contains(node.Output[0]) || keptFloat.Contains(index.ProducerOf(node.Input[0])!)
                : node.Input.Take(roles[node] == QuantRole.Weighted ? 1 : node.Input.Count).Any(floatTensors.Contains) || floatTensors.Contains(node.Output[0]);
            if (touchesFloat) keptFloat.Add(node);
        }

        nodes.RemoveAll(keptFloat.Contains);
        weights.RemoveAll(w => keptFloat.Contains(w.Node));
        absorbed.RemoveWhere(t => index.ProducerOf(t) is { } p && keptFloat.Contains(p));

        var tensors = new List<string>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        void Want(string tensor, string? shareWith = null)
        {
            if (floatTensors.Contains(tensor) || !wanted.Add(tensor)) return;
            tensors.Add(tensor);
            if (shareWith is not null) shared[tensor] = shareWith;
        }

        foreach (var node in nodes)
        {
            var role = roles[node];
            if (role is QuantRole.Weighted or QuantRole.Unary or QuantRole.PassThrough) Want(node.Input[0]);
            if (role is QuantRole.Binary or QuantRole.Variadic)
            {
                foreach (var input in node.Input) Want(input);
            }

            var output = node.Output[0];
            if (role == QuantRole.PassThrough) Want(output, node.Input[0]);
            else if (!absorbed.Contains(output) && !tail.Contains(output)) Want(output);
        }

        return new QdqPlan(nodes, tensors, shared, weights, excluded, [.. keptFloat.Select(GraphIndex.Describe)]);
    }

    /// <summary>The activation inputs and the outputs of the excluded nodes.</summary>
    private static HashSet<string> FloatTensorsAround(GraphIndex index, IEnumerable<NodeProto> floatNodes) =>
        floatNodes.SelectMany(n => n.Input.Concat(n.Output)).Where(t => t.Length > 0 && !index.IsInitializer(t)).ToHashSet(StringComparer.Ordinal);

    /// <summary>A Relu/Clip is folded when it alone reads the output of a quantized op with its own output range.</summary>
    private static bool CanAbsorb(GraphIndex index, Dictionary<NodeProto, QuantRole> roles, string input)
    {
        var producer = index.ProducerOf(input);
        return producer is not null
            && roles.TryGetValue(producer, out var role)
            && role is QuantRole.Weighted or QuantRole.Binary or QuantRole.Variadic or QuantRole.Unary
            && index.ConsumersOf(input).Count == 1
            && !index.Outputs.Contains(input);
    }

    internal static WeightUse? WeightOf(NodeProto node, GraphIndex index)
    {
        if (node.Input.Count < 2 || !index.Initializers.TryGetValue(node.Input[1], out var w) || !TensorData.IsFloat(w)) return null;
        string? Bias(int position, long channels)
        {
            if (node.Input.Count <= position || node.Input[position].Length == 0) return null;
            var name = node.Input[position];
            return index.Initializers.TryGetValue(name, out var b) && TensorData.IsFloat(b) && b.Dims.Count == 1 && b.Dims[0] == channels ? name : "";
        }

        switch (node.OpType)
        {
            case "Conv" when w.Dims.Count >= 3:
                var convBias = Bias(2, w.Dims[0]);
                return convBias == "" ? null : new WeightUse(node, node.Input[0], w.Name, 0, convBias);
            case "MatMul" when w.Dims.Count == 2:
                return new WeightUse(node, node.Input[0], w.Name, 1, null);
            case "Gemm" when w.Dims.Count == 2 && node.GetFloat("alpha", 1f) == 1f && node.GetFloat("beta", 1f) == 1f:
                var axis = node.GetInt("transB", 0) != 0 ? 0 : 1;
                var gemmBias = Bias(2, w.Dims[axis]);
                return gemmBias == "" ? null : new WeightUse(node, node.Input[0], w.Name, axis, gemmBias);
            default:
                return null;
        }
    }

    /// <summary>Tensors from which a graph output is reached through data-movement ops only.</summary>
    private static HashSet<string> FloatTail(GraphIndex index)
    {
        var tail = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(index.Outputs);
        while (pending.TryPop(out var tensor))
        {
            if (!tail.Add(tensor)) continue;
            var producer = index.ProducerOf(tensor);
            if (producer is null || !QuantRoles.MovesData(producer.OpType)) continue;
            var data = producer.OpType == "Concat" ? producer.Input : producer.Input.Take(1);
            foreach (var input in data.Where(i => i.Length > 0 && !index.IsInitializer(i))) pending.Push(input);
        }

        return tail;
    }
}
