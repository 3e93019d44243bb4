using DeepSeek.Edge.Quantization.Onnx;
using Onnx;

namespace DeepSeek.Edge.Quantization.Dynamic;

/// <summary>The constant [K, N] weight of a MatMul (or Gemm, transposed when transB=1) and the Gemm's bias, if any.</summary>
internal sealed record WeightMatrix(string Name, float[] Values, long[] Dims, string? Bias)
{
    public static WeightMatrix? Of(NodeProto node, GraphIndex index)
    {
        if (node.Input.Count < 2 || !index.Initializers.TryGetValue(node.Input[1], out var w) || !TensorData.IsFloat(w) || w.Dims.Count != 2) return null;
        var values = TensorData.ReadFloats(w);
        var dims = w.Dims.ToArray();
        if (node.OpType == "MatMul") return new WeightMatrix(w.Name, values, dims, null);

        if (node.GetInt("transA", 0) != 0 || node.GetFloat("alpha", 1f) != 1f || node.GetFloat("beta", 1f) != 1f) return null;
        if (node.GetInt("transB", 0) != 0)
        {
            values = Transpose(values, (int)dims[0], (int)dims[1]);
            dims = [dims[1], dims[0]];
        }

        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
        return new WeightMatrix(w.Name, values, dims, bias);
    }

    private static float[] Transpose(float[] m, int rows, int columns)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++) t[(c * rows) + r] = m[(r * columns) + c];
        }

        return t;
    }
}
