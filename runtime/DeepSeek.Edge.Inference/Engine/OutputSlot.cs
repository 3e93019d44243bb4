using DeepSeek.Edge.Decoding;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DeepSeek.Edge.Inference.Engine;

/// <summary>
/// One model output. A float output with a fixed shape is bound to a pinned buffer that ONNX Runtime writes into
/// (no copy, no allocation); any other output is left to ONNX Runtime and copied (as floats) after each run.
/// </summary>
internal sealed class OutputSlot : IDisposable
{
    private float[] _buffer;

    private OutputSlot(string name, int[] shape, TensorElementType type, bool bound)
    {
        Name = name;
        ElementType = type;
        _buffer = new float[Math.Max(1, ShapeSize(shape))];
        Tensor = new OutputTensor(name, shape, _buffer.AsMemory(0, ShapeSize(shape)));
        if (bound) Value = OrtValue.CreateTensorValueFromMemory(_buffer, shape.Select(d => (long)d).ToArray());
    }

    public string Name { get; }
    public TensorElementType ElementType { get; }
    public OutputTensor Tensor { get; }

    /// <summary>The pre-bound value, or null when ONNX Runtime allocates this output.</summary>
    public OrtValue? Value { get; }

    public bool IsBound => Value is not null;

    /// <summary>A slot for an output whose shape was seen in the warm-up run.</summary>
    public static OutputSlot Create(string name, NodeMetadata meta, int[] observedShape)
    {
        var fixedShape = meta.Dimensions.Skip(1).All(d => d > 0);
        var bindable = meta.IsTensor && meta.ElementDataType == TensorElementType.Float && fixedShape;
        return new OutputSlot(name, observedShape, meta.ElementDataType, bindable);
    }

    /// <summary>Copies an ONNX Runtime-allocated output into this slot, growing the buffer only when the shape grows.</summary>
    public void CopyFrom(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape.Select(d => checked((int)d)).ToArray();
        var count = ShapeSize(shape);
        if (count > _buffer.Length) _buffer = new float[count];
        var destination = _buffer.AsSpan(0, count);
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().CopyTo(destination);
                break;
            case TensorElementType.Int64:
                Convert(value.GetTensorDataAsSpan<long>(), destination);
                break;
            case TensorElementType.Int32:
                Convert(value.GetTensorDataAsSpan<int>(), destination);
                break;
            case TensorElementType.UInt8:
                Convert(value.GetTensorDataAsSpan<byte>(), destination);
                break;
            case TensorElementType.Float16:
                var halves = value.GetTensorDataAsSpan<Float16>();
                for (var i = 0; i < halves.Length; i++) destination[i] = halves[i].ToFloat();
                break;
            default:
                throw new NotSupportedException($"output \"{Name}\" has element type {info.ElementDataType}; decoders read float, float16, int64, int32 or uint8 outputs");
        }

        Tensor.Shape = shape;
        Tensor.Data = _buffer.AsMemory(0, count);
    }

    public void Dispose() => Value?.Dispose();

    private static void Convert<T>(ReadOnlySpan<T> source, Span<float> destination) where T : unmanaged, IConvertible
    {
        for (var i = 0; i < source.Length; i++) destination[i] = source[i].ToSingle(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int ShapeSize(int[] shape)
    {
        var n = 1;
        foreach (var d in shape) n = checked(n * Math.Max(d, 0));
        return n;
    }
}
