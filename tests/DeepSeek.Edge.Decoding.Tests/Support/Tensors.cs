namespace DeepSeek.Edge.Decoding.Tests.Support;

internal static class Tensors
{
    public static OutputTensor Of(string name, int[] shape, float[] data) => new(name, shape, data);

    public static ModelOutputs Outputs(params OutputTensor[] tensors) => new(tensors);

    /// <summary>A <c>[1, rows.Length, width]</c> tensor, zero-filled, with the given rows set.</summary>
    public static OutputTensor Rows(string name, int rowCount, int width, params (int Row, float[] Values)[] rows)
    {
        var data = new float[rowCount * width];
        foreach (var (row, values) in rows) values.CopyTo(data, row * width);
        return Of(name, [1, rowCount, width], data);
    }

    /// <summary>Channels first: <c>[1, width, rows]</c> holding the transpose of the given rows.</summary>
    public static OutputTensor ChannelsFirst(string name, float[][] rows)
    {
        var width = rows[0].Length;
        var data = new float[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < width; c++) data[(c * rows.Length) + r] = rows[r][c];
        }

        return Of(name, [1, width, rows.Length], data);
    }
}
