using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepSeek.Edge.Quantization.Onnx;

/// <summary>Converts ONNX tensors (raw little-endian bytes or typed repeated fields) to and from arrays.</summary>
public static class TensorData
{
    public static long ElementCount(IEnumerable<long> dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long count = 1;
        foreach (var d in dims) count *= d;
        return count;
    }

    public static bool IsFloat(TensorProto tensor) => tensor?.DataType == (int)DataType.Float;

    public static float[] ReadFloats(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        switch ((DataType)tensor.DataType)
        {
            case DataType.Float:
                return tensor.RawData.Length > 0
                    ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
                    : [.. tensor.FloatData];
            case DataType.Double:
                var doubles = tensor.RawData.Length > 0
                    ? MemoryMarshal.Cast<byte, double>(tensor.RawData.Span).ToArray()
                    : [.. tensor.DoubleData];
                return Array.ConvertAll(doubles, d => (float)d);
            default:
                throw new QuantizationException($"tensor \"{tensor.Name}\" has element type {(DataType)tensor.DataType}; a float tensor was expected");
        }
    }

    public static long[] ReadInt64s(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return (DataType)tensor.DataType switch
        {
            DataType.Int64 => tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray() : [.. tensor.Int64Data],
            DataType.Int32 => tensor.RawData.Length > 0
                ? Array.ConvertAll(MemoryMarshal.Cast<byte, int>(tensor.RawData.Span).ToArray(), i => (long)i)
                : [.. tensor.Int32Data.Select(i => (long)i)],
            _ => throw new QuantizationException($"tensor \"{tensor.Name}\" has element type {(DataType)tensor.DataType}; an integer tensor was expected"),
        };
    }

    public static TensorProto Float(string name, IEnumerable<long> dims, ReadOnlySpan<float> values) =>
        Raw(name, dims, DataType.Float, MemoryMarshal.AsBytes(values));

    public static TensorProto Int8(string name, IEnumerable<long> dims, ReadOnlySpan<sbyte> values) =>
        Raw(name, dims, DataType.Int8, MemoryMarshal.AsBytes(values));

    public static TensorProto UInt8(string name, IEnumerable<long> dims, ReadOnlySpan<byte> values) =>
        Raw(name, dims, DataType.Uint8, values);

    public static TensorProto Int32(string name, IEnumerable<long> dims, ReadOnlySpan<int> values) =>
        Raw(name, dims, DataType.Int32, MemoryMarshal.AsBytes(values));

    public static TensorProto Int64(string name, IEnumerable<long> dims, ReadOnlySpan<long> values) =>
        Raw(name, dims, DataType.Int64, MemoryMarshal.AsBytes(values));

    /// <summary>A scalar float (rank 0).</summary>
    public static TensorProto ScalarFloat(string name, float value) => Float(name, [], [value]);

    private static TensorProto Raw(string name, IEnumerable<long> dims, DataType type, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
