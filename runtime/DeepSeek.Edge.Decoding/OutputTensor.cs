namespace DeepSeek.Edge.Decoding;

/// <summary>
/// One float output of a model run: name, shape of the latest run and the data. The engine owns the buffer
/// and reuses it across frames, so a decoder must copy whatever it keeps beyond <see cref="IOutputDecoder.Decode"/>.
/// </summary>
public sealed class OutputTensor
{
    public OutputTensor(string name, int[] shape, Memory<float> data)
    {
        Name = name;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    /// <summary>Dimensions of the latest run (dynamic dimensions resolved).</summary>
    public int[] Shape { get; set; }

    /// <summary>Row-major elements of the latest run; length is the product of <see cref="Shape"/>.</summary>
    public Memory<float> Data { get; set; }

    public ReadOnlySpan<float> Span => Data.Span;

    public int Dim(int axis) => axis < 0 ? Shape[Shape.Length + axis] : Shape[axis];
}
