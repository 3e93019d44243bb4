using DeepSeek.Edge.Models.Manifest;

namespace DeepSeek.Edge.Decoding.Common;

/// <summary>Shape checks for output tensors; a mismatch is a manifest that does not fit its model, reported at the parameter naming the output.</summary>
internal static class TensorShape
{
    /// <summary>A batch-1 matrix <c>[1, rows, cols]</c>; with <paramref name="allowVector"/>, <c>[1, rows]</c> reads as one column.</summary>
    public static bool TryMatrix(OutputTensor tensor, out int rows, out int cols, bool allowVector = false)
    {
        var shape = tensor.Shape;
        (rows, cols) = shape switch
        {
            [1, var r, var c] => (r, c),
            [1, var r] when allowVector => (r, 1),
            _ => (-1, -1),
        };
        return rows >= 0 && cols >= 1 && tensor.Data.Length == rows * cols;
    }

    /// <summary>Number of elements per batch item: the whole tensor for rank 1, else everything after the batch axis.</summary>
    public static int ItemLength(OutputTensor tensor)
    {
        var shape = tensor.Shape;
        var batch = shape.Length >= 2 ? shape[0] : 1;
        return batch > 0 ? tensor.Data.Length / batch : 0;
    }

    public static string Format(int[] shape) => $"[{string.Join(", ", shape)}]";

    public static ManifestException Mismatch(OutputRef output, OutputTensor tensor, string kind, string expected) =>
        new(output.Path, $"output \"{tensor.Name}\" has shape {Format(tensor.Shape)} ({tensor.Data.Length} values); {kind} needs {expected}");
}
