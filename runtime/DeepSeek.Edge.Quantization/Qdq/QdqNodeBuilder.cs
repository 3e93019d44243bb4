using DeepSeek.Edge.Models.Manifest;
using DeepSeek.Edge.Quantization.Calibration;
using DeepSeek.Edge.Quantization.Onnx;
using Onnx;

namespace DeepSeek.Edge.Quantization.Qdq;

/// <summary>Creates the QuantizeLinear/DequantizeLinear nodes and their scale, zero-point and int8/int32 initializers.</summary>
internal sealed class QdqNodeBuilder
{
    private readonly UniqueNames _names;
    private readonly ActivationType _activations;
    private readonly Dictionary<string, (string Scale, string ZeroPoint, QuantParams Params)> _params = new(StringComparer.Ordinal);

    public QdqNodeBuilder(GraphProto graph, ActivationType activations)
    {
        _names = new UniqueNames(graph);
        _activations = activations;
    }

    public List<TensorProto> Initializers { get; } = [];

    public QuantParams ParamsOf(string source) => _params[source].Params;

    /// <summary>Q then DQ of an activation tensor, with the parameters of <paramref name="source"/>; returns the nodes and the dequantized tensor's name.</summary>
    public (NodeProto[] Nodes, string Output) ActivationPair(string tensor, string source, TensorRange range)
    {
        if (!_params.TryGetValue(source, out var p))
        {
            var qp = QuantParams.ForActivation(range, _activations);
            var scale = _names.Next($"{source}_scale");
            var zeroPoint = _names.Next($"{source}_zero_point");
            Initializers.Add(TensorData.ScalarFloat(scale, qp.Scale));
            Initializers.Add(_activations == ActivationType.UInt8
                ? TensorData.UInt8(zeroPoint, [], [(byte)qp.ZeroPoint])
                : TensorData.Int8(zeroPoint, [], [(sbyte)qp.ZeroPoint]));
            _params[source] = p = (scale, zeroPoint, qp);
        }

        var quantized = _names.Next($"{tensor}_QuantizeLinear_Output");
        var output = _names.Next($"{tensor}_DequantizeLinear_Output");
        var q = OnnxNodes.Create("QuantizeLinear", _names.Next($"{tensor}_QuantizeLinear"), [tensor, p.Scale, p.ZeroPoint], [quantized]);
        var dq = OnnxNodes.Create("DequantizeLinear", _names.Next($"{tensor}_DequantizeLinear"), [quantized, p.Scale, p.ZeroPoint], [output]);
        return ([q, dq], output);
    }

    public (NodeProto Node, string Output, float[] Scales) Weight(TensorProto weight, int axis)
    {
        var dims = weight.Dims.ToArray();
        var q = WeightQuantizer.Quantize(TensorData.ReadFloats(weight), dims, axis);
        var channels = q.Scales.Length;
        var values = _names.Next($"{weight.Name}_quantized");
        var scale = _names.Next($"{weight.Name}_scale");
        var zeroPoint = _names.Next($"{weight.Name}_zero_point");
        Initializers.Add(TensorData.Int8(values, dims, q.Values));
        Initializers.Add(TensorData.Float(scale, [channels], q.Scales));
        Initializers.Add(TensorData.Int8(zeroPoint, [channels], new sbyte[channels]));
        var output = _names.Next($"{weight.Name}_DequantizeLinear_Output");
        var node = OnnxNodes.Create("DequantizeLinear", _names.Next($"{weight.Name}_DequantizeLinear"), [values, scale, zeroPoint], [output]);
        node.SetInt("axis", axis);
        return (node, output, q.Scales);
    }

    public (NodeProto Node, string Output, int Clamped) Bias(TensorProto bias, float inputScale, float[] weightScales)
    {
        var scales = WeightQuantizer.BiasScales(inputScale, weightScales);
        var q = WeightQuantizer.QuantizeBias(TensorData.ReadFloats(bias), scales, out var clamped);
        var values = _names.Next($"{bias.Name}_quantized");
        var scale = _names.Next($"{bias.Name}_scale");
        var zeroPoint = _names.Next($"{bias.Name}_zero_point");
        Initializers.Add(TensorData.Int32(values, [q.Length], q));
        Initializers.Add(TensorData.Float(scale, [q.Length], scales));
        Initializers.Add(TensorData.Int32(zeroPoint, [q.Length], new int[q.Length]));
        var output = _names.Next($"{bias.Name}_DequantizeLinear_Output");
        var node = OnnxNodes.Create("DequantizeLinear", _names.Next($"{bias.Name}_DequantizeLinear"), [values, scale, zeroPoint], [output]);
        node.SetInt("axis", 0);
        return (node, output, clamped);
    }
}
