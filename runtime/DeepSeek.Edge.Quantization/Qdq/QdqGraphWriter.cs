using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Onnx;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>
/// Applies a <see cref="QdqPlan"/> to the model it was made for, in place: QuantizeLinear -> DequantizeLinear
/// after each planned activation (every consumer then reads the dequantized tensor; graph outputs keep their
/// names), int8 weights with per-channel DequantizeLinear (axis set), int32 biases. Names of graph inputs and
/// outputs do not change.
/// </summary>
public static class QdqGraphWriter
{
    public static QdqSummary Write(ModelProto model, QdqPlan plan, IReadOnlyDictionary<string, TensorRange> ranges, ActivationType activations)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ranges);
        var graph = model.Graph;
        var index = new GraphIndex(graph);
        var builder = new QdqNodeBuilder(graph, activations);

        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var after = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        var prologue = new List<NodeProto>();
        foreach (var tensor in plan.Tensors)
        {
            var source = plan.ParamsSource(tensor);
            if (!ranges.TryGetValue(source, out var range))
                throw new QuantizationException($"no calibration range for tensor \"{source}\"; calibration did not observe it");
            var (nodes, output) = builder.ActivationPair(tensor, source, range);
            dequantized[tensor] = output;
            var producer = index.ProducerOf(tensor);
            if (producer is null) prologue.AddRange(nodes);
            else if (after.TryGetValue(producer, out var list)) list.AddRange(nodes);
            else after[producer] = [.. nodes];
        }

        foreach (var (tensor, output) in dequantized)
        {
            foreach (var consumer in index.ConsumersOf(tensor))
            {
                for (var i = 0; i < consumer.Input.Count; i++)
                {
                    if (consumer.Input[i] == tensor) consumer.Input[i] = output;
                }
            }
        }

        var clamped = 0;
        var weightOutputs = new Dictionary<(string, int), (string Output, float[] Scales)>();
        foreach (var use in plan.Weights)
        {
            if (!weightOutputs.TryGetValue((use.Weight, use.Axis), out var weight))
            {
                var (node, output, scales) = builder.Weight(index.Initializers[use.Weight], use.Axis);
                prologue.Add(node);
                weightOutputs[(use.Weight, use.Axis)] = weight = (output, scales);
            }

            use.Node.Input[1] = weight.Output;
            if (use.Bias is null) continue;
            var inputScale = builder.ParamsOf(plan.ParamsSource(use.Activation)).Scale;
            var (biasNode, biasOutput, biasClamped) = builder.Bias(index.Initializers[use.Bias], inputScale, weight.Scales);
            prologue.Add(biasNode);
            use.Node.Input[2] = biasOutput;
            clamped += biasClamped;
        }

        var ordered = new List<NodeProto>(prologue);
        foreach (var node in graph.Node)
        {
            ordered.Add(node);
            if (after.TryGetValue(node, out var list)) ordered.AddRange(list);
        }

        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        graph.Initializer.AddRange(builder.Initializers);
        GraphCleanup.RemoveUnusedInitializers(graph);

        var byOp = plan.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new QdqSummary(byOp, plan.Tensors.Count, weightOutputs.Count, clamped, plan.Excluded) { KeptFloat = plan.KeptFloat };
    }
}
