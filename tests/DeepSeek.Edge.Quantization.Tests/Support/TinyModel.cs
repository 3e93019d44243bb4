using DeepSeek.Edge.Quantization.Onnx;
using Onnx;

namespace DeepSeek.Edge.Quantization.Tests.Support;

/// <summary>Builds small ONNX graphs in code, for checks that need an exact, known model.</summary>
internal sealed class TinyModel
{
    private TinyModel(long opset, long irVersion)
    {
        Model = new ModelProto { IrVersion = irVersion, ProducerName = "tests", Graph = new GraphProto { Name = "tiny" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    public ModelProto Model { get; }

    public static TinyModel Create(long opset, long irVersion = 7) => new(opset, irVersion);

    public TinyModel Input(string name, params long[] dims)
    {
        Model.Graph.Input.Add(ValueInfo(name, dims));
        return this;
    }

    public TinyModel Output(string name, params long[] dims)
    {
        Model.Graph.Output.Add(ValueInfo(name, dims));
        return this;
    }

    public TinyModel Weight(string name, long[] dims, float[] values, bool alsoGraphInput = false)
    {
        Model.Graph.Initializer.Add(TensorData.Float(name, dims, values));
        if (alsoGraphInput) Model.Graph.Input.Add(ValueInfo(name, dims));
        return this;
    }

    public TinyModel Node(string op, string name, string[] inputs, string[] outputs, Action<NodeProto>? attributes = null)
    {
        var node = OnnxNodes.Create(op, name, inputs, outputs);
        attributes?.Invoke(node);
        Model.Graph.Node.Add(node);
        return this;
    }

    public byte[] Bytes => OnnxModelFile.ToBytes(Model);

    public static float[] RandomValues(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
