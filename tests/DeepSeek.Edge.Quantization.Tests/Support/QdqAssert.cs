using DeepSeek.Edge.Quantization.Onnx;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>Checks on the structure of a QDQ graph.</summary>
internal static class QdqAssert
{
    /// <summary>
    /// Every weight of the given ops comes from a DequantizeLinear of an int8 initializer, with one positive scale per
    /// output channel along the DQ's explicit axis and all-zero int8 zero points (symmetric). Returns how many were checked.
    /// </summary>
    public static int WeightsArePerChannelInt8(ModelProto model, params string[] opTypes)
    {
        var index = new GraphIndex(model.Graph);
        var nodes = model.Graph.Node.Where(n => opTypes.Contains(n.OpType)).ToList();
        Assert.NotEmpty(nodes);
        foreach (var node in nodes)
        {
            var dq = index.ProducerOf(node.Input[1]);
            Assert.True(dq is { OpType: "DequantizeLinear" }, $"{GraphIndex.Describe(node)}: weight \"{node.Input[1]}\" is not dequantized from int8");
            var values = index.Initializers[dq!.Input[0]];
            var scales = TensorData.ReadFloats(index.Initializers[dq.Input[1]]);
            var zeroPoint = index.Initializers[dq.Input[2]];
            var axis = dq.Find("axis");
            Assert.NotNull(axis);
            Assert.Equal((int)DataType.Int8, values.DataType);
            Assert.Equal((int)DataType.Int8, zeroPoint.DataType);
            Assert.Equal(values.Dims[(int)axis!.I], scales.Length);
            Assert.True(scales.Length > 1 || values.Dims[(int)axis.I] == 1, $"{GraphIndex.Describe(node)}: weight is per-tensor");
            Assert.All(scales, s => Assert.True(s > 0f && float.IsFinite(s), $"{GraphIndex.Describe(node)}: scale {s}"));
            Assert.All(zeroPoint.RawData.ToByteArray(), b => Assert.Equal(0, b));
        }

        return nodes.Count;
    }

    /// <summary>Every activation QuantizeLinear has a scalar positive scale and a zero point of the given type.</summary>
    public static void ActivationsAre(ModelProto model, DataType zeroPointType, bool zeroPointIsZero)
    {
        var index = new GraphIndex(model.Graph);
        var quantizers = model.Graph.Node.Where(n => n.OpType == "QuantizeLinear").ToList();
        Assert.NotEmpty(quantizers);
        foreach (var q in quantizers)
        {
            var scale = index.Initializers[q.Input[1]];
            var zeroPoint = index.Initializers[q.Input[2]];
            Assert.Empty(scale.Dims);
            Assert.True(TensorData.ReadFloats(scale)[0] > 0f);
            Assert.Equal((int)zeroPointType, zeroPoint.DataType);
            if (zeroPointIsZero) Assert.Equal(0, zeroPoint.RawData[0]);
        }
    }
}
